using LayerCache.Hosting.Metrics;

namespace LayerCache.Agent;

/// <summary>Every metric the agent exports; names carry the <c>layercache_</c> prefix.</summary>
public sealed class AgentMetrics
{
    public AgentMetrics(MetricRegistry registry)
    {
        Layers = registry.Gauge("layercache_layers", "Layers the node holds, by state.", "state");
        LayerBytes = registry.Gauge("layercache_layer_bytes", "Bytes of the layers the node holds.");
        Images = registry.Gauge("layercache_images", "Images the node holds.");
        BudgetBytes = registry.Gauge("layercache_cache_budget_bytes", "The cache budget the watermarks are taken of.");
        PrefetchBytes = registry.Counter("layercache_prefetch_bytes_total", "Bytes fetched by prefetch, by kind (layers or image).", "kind");
        PrefetchSeconds = registry.Histogram(
            "layercache_prefetch_seconds", "Time to prefetch one layer or image.", [0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300], "kind");
        PrefetchFailures = registry.Counter("layercache_prefetch_failures_total", "Prefetches that failed, by kind.", "kind");
        PrefetchedBlobsUsed = registry.Counter(
            "layercache_prefetched_blobs_used_total", "Prefetched blobs an image came to reference, which the agent's lease let go of to the image.");
        LeaseExpiry = registry.Gauge("layercache_lease_expiry_timestamp_seconds", "When the agent's containerd lease expires unless renewed (Unix seconds).");
        Evictions = registry.Counter("layercache_evictions_total", "Images and blobs evicted, by reason.", "reason");
        EvictedBytes = registry.Counter("layercache_evicted_bytes_total", "Bytes freed by eviction.");
        ContainerdErrors = registry.Counter("layercache_containerd_errors_total", "Failed calls to containerd, by operation.", "operation");
        RegistryErrors = registry.Counter("layercache_registry_errors_total", "Failed registry requests, by kind.", "kind");
        RegistryConfigErrors = registry.Counter(
            "layercache_registry_config_errors_total", "Versions of the registry credentials file or of a hosts.toml that could not be used, by file.", "file");
        RegistryFallbacks = registry.Counter("layercache_registry_fallbacks_total", "Registry requests a mirror failed and passed on to the next host.");
        Resyncs = registry.Counter("layercache_resyncs_total", "Full re-reads of containerd.");
        ResyncSeconds = registry.Histogram("layercache_resync_seconds", "Time of a full re-read of containerd.", [0.01, 0.05, 0.1, 0.5, 1, 2, 5, 10]);
        Events = registry.Counter("layercache_containerd_events_total", "containerd events handled, by topic.", "topic");
        BandwidthBytesPerSecond = registry.Gauge("layercache_bandwidth_bytes_per_second", "Measured download bandwidth of the node.");
        Connected = registry.Gauge("layercache_containerd_connected", "1 while containerd answers, else 0.");
        ClusterConnected = registry.Gauge("layercache_cluster_connected", "1 while Redis answers the cluster link, else 0 (absent when the node runs alone).");
        RedisErrors = registry.Counter("layercache_redis_errors_total", "Failed calls to Redis, by operation.", "operation");
        InventorySequence = registry.Gauge("layercache_inventory_sequence", "The inventory sequence last published to Redis.");
        OrdersReceived = registry.Counter("layercache_orders_received_total", "Order deliveries taken from the node's stream, by kind.", "kind");
        OrdersCompleted = registry.Counter("layercache_orders_completed_total", "Orders carried out successfully, by kind.", "kind");
        OrdersFailed = registry.Counter("layercache_orders_failed_total", "Orders that failed (and were completed as failed), by kind.", "kind");
        OrdersRefused = registry.Counter(
            "layercache_orders_refused_total", "Orders refused without running, by reason (signature, expired, registry, budget).", "reason");
        BadPayloads = registry.Counter(
            "layercache_bad_payloads_total", "Payloads in Redis skipped (orders acknowledged, never run) because they were bad, by kind.", "kind");
    }

    public Gauge Layers { get; }

    public Gauge LayerBytes { get; }

    public Gauge Images { get; }

    public Gauge BudgetBytes { get; }

    public Counter PrefetchBytes { get; }

    public Histogram PrefetchSeconds { get; }

    public Counter PrefetchFailures { get; }

    public Counter PrefetchedBlobsUsed { get; }

    public Gauge LeaseExpiry { get; }

    public Counter Evictions { get; }

    public Counter EvictedBytes { get; }

    public Counter ContainerdErrors { get; }

    public Counter RegistryErrors { get; }

    public Counter RegistryConfigErrors { get; }

    public Counter RegistryFallbacks { get; }

    public Counter Resyncs { get; }

    public Histogram ResyncSeconds { get; }

    public Counter Events { get; }

    public Gauge BandwidthBytesPerSecond { get; }

    public Gauge Connected { get; }

    public Gauge ClusterConnected { get; }

    public Counter RedisErrors { get; }

    public Gauge InventorySequence { get; }

    public Counter OrdersReceived { get; }

    public Counter OrdersCompleted { get; }

    public Counter OrdersFailed { get; }

    public Counter OrdersRefused { get; }

    public Counter BadPayloads { get; }
}
