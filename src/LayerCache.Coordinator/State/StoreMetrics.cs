using LayerCache.Cluster;
using LayerCache.Hosting.Metrics;

namespace LayerCache.Coordinator.State;

/// <summary>The coordinator's metrics about Redis, the feed into its view, image resolution and the planner.</summary>
public sealed class StoreMetrics
{
    private static readonly MetricLabel OrderKind = new("kind", [.. OrderKindLabels.All]);

    public StoreMetrics(MetricRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        RedisErrors = registry.Counter(
            "layercache_redis_errors_total", "Failed calls to Redis, by operation.", new MetricLabel("operation", "feed", "catalog", "popularity", "planner"));
        RedisConnected = registry.Gauge("layercache_redis_connected", "1 while the last Redis call of the view feed succeeded, else 0.");
        DeltasApplied = registry.Counter("layercache_inventory_deltas_applied_total", "Inventory deltas applied to the view.");
        NodeResyncs = registry.Counter("layercache_node_resyncs_total", "Nodes re-read from their snapshot, by reason.",
            new MetricLabel("reason", "new", "reset", "gap", "restart", "bad", "behind"));
        BadPayloads = registry.Counter(
            "layercache_bad_payloads_total", "Payloads read from Redis and skipped because they were bad, by kind (each distinct one counted once).",
            new MetricLabel("kind", "node", "snapshot", "manifest", "delta", "outcome", "popularity"));
        NodesExpired = registry.Counter("layercache_nodes_expired_total", "Nodes dropped from the view because their heartbeat stopped.");
        ViewSyncSeconds = registry.Histogram(
            "layercache_view_full_sync_seconds", "Time to read every node from Redis into the view.", [0.01, 0.05, 0.1, 0.5, 1, 2, 5, 10, 30]);
        ImagesResolved = registry.Counter("layercache_images_resolved_total", "Unknown images looked up, by where the answer came from or why it failed (not_allowed: a registry the coordinator may not contact).",
            new MetricLabel("outcome", "catalog", "registry", "throttled", "failed", "not_allowed"));
        PlannerLeader = registry.Gauge("layercache_planner_leader", "1 while this replica holds the planner lock, else 0.");
        PlannerTrackedOrders = registry.Gauge(
            "layercache_planner_tracked_orders", "Orders this replica issued as leader and still waits for (until their outcome or OrderTimeout).");
        PlannerRounds = registry.Counter("layercache_planner_rounds_total", "Planning rounds this replica ran as leader.");
        OrdersIssued = registry.Counter("layercache_orders_issued_total", "Orders appended to node streams, by kind.", OrderKind);
        OrderOutcomes = registry.Counter(
            "layercache_order_outcomes_total", "Outcomes of this replica's orders as agents reported them, by kind and result.", OrderKind,
            new MetricLabel("result", "succeeded", "failed"));
    }

    public Counter RedisErrors { get; }

    public Gauge RedisConnected { get; }

    public Counter DeltasApplied { get; }

    public Counter NodeResyncs { get; }

    public Counter NodesExpired { get; }

    public Counter BadPayloads { get; }

    public Histogram ViewSyncSeconds { get; }

    public Counter ImagesResolved { get; }

    public Gauge PlannerLeader { get; }

    public Gauge PlannerTrackedOrders { get; }

    public Counter PlannerRounds { get; }

    public Counter OrdersIssued { get; }

    public Counter OrderOutcomes { get; }
}
