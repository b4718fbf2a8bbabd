using System.Diagnostics;
using LayerCache.Hosting.Metrics;

namespace LayerCache.Coordinator;

/// <summary>Every metric the coordinator exports; names carry the <c>layercache_</c> prefix.</summary>
public sealed class CoordinatorMetrics
{
    private static readonly MetricLabel Route = new("route", "prioritize", "filter", "hints", "grpc");

    public CoordinatorMetrics(MetricRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        HintSeconds = registry.Histogram(
            "layercache_hint_seconds", "Time to answer one hint request, by route.", [0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1], Route);
        HintRequests = registry.Counter("layercache_hint_requests_total", "Hint requests, by route and outcome.", Route,
            new MetricLabel("outcome", "ok", "unresolved", "bad_request", "too_large", "error"));
        ViewStale = registry.Gauge("layercache_view_stale", "1 while the cluster view is not known to be current, else 0.");
        ViewNodes = registry.Gauge("layercache_view_nodes", "Nodes in the cluster view.");
        ImagesUnknown = registry.Counter("layercache_images_unknown_total", "Image references asked for before their layers were known.");
        UnknownImageWaits = registry.Counter(
            "layercache_unknown_image_waits_total", "Hints that waited for an unknown image's lookup, by whether it ended in time (resolved or failed) or the wait ran out.",
            new MetricLabel("outcome", "resolved", "timeout"));
        ImageDemandDropped = registry.Counter(
            "layercache_image_demand_dropped_total", "Unknown image references not queued for resolution because the queue was full.");
    }

    public Histogram HintSeconds { get; }

    public Counter HintRequests { get; }

    public Gauge ViewStale { get; }

    public Gauge ViewNodes { get; }

    public Counter ImagesUnknown { get; }

    public Counter ImageDemandDropped { get; }

    public Counter UnknownImageWaits { get; }

    /// <summary>Counts one hint request and its time since <paramref name="startedTimestamp"/> (<see cref="Stopwatch.GetTimestamp"/>).</summary>
    public void RecordHint(string route, string outcome, long startedTimestamp)
    {
        HintRequests.Inc(1, route, outcome);
        HintSeconds.Observe(Stopwatch.GetElapsedTime(startedTimestamp).TotalSeconds, route);
    }
}
