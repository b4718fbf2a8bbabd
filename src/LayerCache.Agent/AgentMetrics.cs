using LayerCache.Cluster;
using LayerCache.Hosting.Metrics;

namespace LayerCache.Agent;

/// <summary>Every metric the agent exports; names carry the <c>layercache_</c> prefix.</summary>
public sealed class AgentMetrics
{
    private static readonly string[] EventTopics =
    [
        "images_create", "images_update", "images_delete", "containers_create", "containers_update", "containers_delete",
        "content_delete", "snapshot_prepare", "snapshot_commit", "snapshot_remove",
    ];

    private static readonly MetricLabel PrefetchKind = new("kind", "layers", "image", "unpack");
    private static readonly MetricLabel OrderKind = new("kind", [.. OrderKindLabels.All]);

    public AgentMetrics(MetricRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        Layers = registry.Gauge("layercache_layers", "Layers the node holds, by state.", new MetricLabel("state", "fetching", "present", "unpacked"));
        LayerBytes = registry.Gauge("layercache_layer_bytes", "Bytes of the layers the node holds.");
        Images = registry.Gauge("layercache_images", "Images the node holds.");
        BudgetBytes = registry.Gauge("layercache_cache_budget_bytes", "The cache budget the watermarks are taken of.");
        HighWatermarkBytes = registry.Gauge("layercache_cache_high_watermark_bytes", "Bytes held above which the node evicts (the budget times the high watermark).");
        PrefetchBytes = registry.Counter("layercache_prefetch_bytes_total", "Bytes fetched by prefetch, by kind (layers or image).", PrefetchKind);
        PrefetchSeconds = registry.Histogram(
            "layercache_prefetch_seconds", "Time to prefetch one layer or image.", [0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300], PrefetchKind);
        PrefetchFailures = registry.Counter("layercache_prefetch_failures_total", "Prefetches that failed, by kind.", PrefetchKind);
        PrefetchedBlobsUsed = registry.Counter(
            "layercache_prefetched_blobs_used_total", "Prefetched blobs an image came to reference, which the agent's lease let go of to the image.");
        LeaseExpiry = registry.Gauge("layercache_lease_expiry_timestamp_seconds", "When the agent's containerd lease expires unless renewed (Unix seconds).");
        Evictions = registry.Counter("layercache_evictions_total", "Images and blobs evicted, by reason.", new MetricLabel("reason", "image", "prefetched_blob", "unpacked_chain"));
        UnpackedLayers = registry.Counter("layercache_unpacked_layers_total", "Layers the agent unpacked ahead into committed snapshots.");
        UnpackedAheadBytes = registry.Gauge(
            "layercache_unpacked_ahead_bytes", "Bytes on disk of the snapshots the agent unpacked ahead and still holds (no image holds them yet), as the snapshotter measures them.");
        EvictedBytes = registry.Counter("layercache_evicted_bytes_total", "Bytes freed by eviction.");
        ContainerdErrors = registry.Counter("layercache_containerd_errors_total", "Failed calls to containerd, by operation.",
            new MetricLabel("operation", "connection", "pull", "content_write", "abort_write", "evict", "lease", "unpack"));
        RegistryErrors = registry.Counter("layercache_registry_errors_total", "Failed registry requests, by kind (verification: a blob did not match its digest).",
            new MetricLabel("kind", "verification", "auth", "not_found", "insecure", "request"));
        RegistryConfigErrors = registry.Counter(
            "layercache_registry_config_errors_total", "Versions of the registry credentials file or of a hosts.toml that could not be used, by file.", "file");
        RegistryFallbacks = registry.Counter("layercache_registry_fallbacks_total", "Registry requests a mirror failed and passed on to the next host.");
        Resyncs = registry.Counter("layercache_resyncs_total", "Full re-reads of containerd.");
        ResyncSeconds = registry.Histogram("layercache_resync_seconds", "Time of a full re-read of containerd.", [0.01, 0.05, 0.1, 0.5, 1, 2, 5, 10]);
        Events = registry.Counter("layercache_containerd_events_total", "containerd events acted on, by topic (/images/create as images_create).", new MetricLabel("topic", EventTopics));
        BandwidthBytesPerSecond = registry.Gauge("layercache_bandwidth_bytes_per_second", "Measured download bandwidth of the node.");
        UnpackBytesPerSecond = registry.Gauge(
            "layercache_unpack_bytes_per_second", "Measured unpack rate of the node, in compressed bytes a second, from the layers it unpacked ahead (0 until the first; eviction assumes 200 MB/s until then).");
        Connected = registry.Gauge("layercache_containerd_connected", "1 while containerd answers, else 0.");
        RedisConnected = registry.Gauge("layercache_redis_connected", "1 while Redis answers, else 0 (absent when the node runs alone).");
        RedisErrors = registry.Counter("layercache_redis_errors_total", "Failed calls to Redis, by operation.", new MetricLabel("operation", "connection", "inventory", "orders", "peers"));
        InventorySequence = registry.Gauge("layercache_inventory_sequence", "The inventory sequence last published to Redis.");
        OrdersReceived = registry.Counter("layercache_orders_received_total", "Order deliveries taken from the node's stream, by kind.", OrderKind);
        OrdersCompleted = registry.Counter("layercache_orders_completed_total", "Orders this node carried out successfully, by kind.", OrderKind);
        OrdersFailed = registry.Counter("layercache_orders_failed_total", "Orders this node ran that failed (and were completed as failed), by kind.", OrderKind);
        OrdersRefused = registry.Counter(
            "layercache_orders_refused_total", "Orders refused without running, by reason.", new MetricLabel("reason", "signature", "expired", "registry", "budget"));
        BadPayloads = registry.Counter(
            "layercache_bad_payloads_total", "Payloads read from Redis and skipped because they were bad, by kind (an order is acknowledged, never run).", new MetricLabel("kind", "order", "node", "snapshot", "manifest"));
        PeerServedBytes = registry.Counter("layercache_peer_served_bytes_total", "Bytes of blobs this node sent to peers of its site.");
        PeerUploadsRefused = registry.Counter("layercache_peer_uploads_refused_total", "Peers' requests turned away (429) because Agent:Peers:MaxUploads were being served.");
        PeerFetchedBytes = registry.Counter("layercache_peer_fetched_bytes_total", "Bytes of blobs this node fetched from peers of its site, checked and committed.");
        PeerFallbacks = registry.Counter(
            "layercache_peer_fallbacks_total",
            "Fetches from a peer abandoned for the next source, by reason (verification: the bytes did not match the digest).",
            new MetricLabel("reason", [.. PeerFallbackReasons]));
        MirrorRequests = registry.Counter(
            "layercache_mirror_requests_total",
            "Blobs containerd asked the mirror for, by what answered: already here (local), a peer, or passed on to the registry (404).",
            new MetricLabel("source", "local", "peer", "registry"));
    }

    /// <summary>Why a fetch from a peer was abandoned, the values of <see cref="PeerFallbacks"/>.</summary>
    public static IReadOnlyList<string> PeerFallbackReasons { get; } = ["not_found", "refused", "unreachable", "stalled", "broken", "size", "verification"];

    public Gauge Layers { get; }

    public Gauge LayerBytes { get; }

    public Counter UnpackedLayers { get; }

    public Gauge UnpackedAheadBytes { get; }

    public Gauge UnpackBytesPerSecond { get; }

    public Gauge Images { get; }

    public Gauge BudgetBytes { get; }

    public Gauge HighWatermarkBytes { get; }

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

    public Gauge RedisConnected { get; }

    public Counter RedisErrors { get; }

    public Gauge InventorySequence { get; }

    public Counter OrdersReceived { get; }

    public Counter OrdersCompleted { get; }

    public Counter OrdersFailed { get; }

    public Counter OrdersRefused { get; }

    public Counter BadPayloads { get; }

    public Counter PeerServedBytes { get; }

    public Counter PeerUploadsRefused { get; }

    public Counter PeerFetchedBytes { get; }

    public Counter PeerFallbacks { get; }

    public Counter MirrorRequests { get; }

    /// <summary>A containerd topic as a label value: <c>/images/create</c> is <c>images_create</c>.</summary>
    public static string TopicLabel(string topic) => topic.Trim('/').Replace('/', '_');
}
