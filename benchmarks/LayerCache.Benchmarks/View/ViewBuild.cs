using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using LayerCache.Benchmarks.Scoring;
using LayerCache.Benchmarks.Synthetic;
using LayerCache.Coordinator;
using LayerCache.Coordinator.View;
using LayerCache.Hosting.Metrics;
using Microsoft.Extensions.Options;

namespace LayerCache.Benchmarks.View;

/// <summary>
/// Builds the coordinator's <see cref="ClusterState"/> from a synthetic cluster in process, as the store feed applies
/// a full read (heartbeat, then inventory, node by node), and measures what the view costs: the time to apply every
/// node, and the managed heap it keeps afterwards, in all and per (node, layer) pair. Redis and parsing are left
/// out; <c>layercache-loadtest resync</c> measures the whole read.
/// </summary>
public static class ViewBuild
{
    public static void Run(TextWriter output, int nodes, int runs)
    {
        output.WriteLine("## the coordinator's view, built in process");
        output.WriteLine();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Machine: {Machine.Describe()}; server GC: {System.Runtime.GCSettings.IsServerGC}."));
        var cluster = SyntheticCluster.Generate(nodes);
        var pairs = cluster.Nodes.Sum(n => (long)n.Snapshot.Images.SelectMany(i => i.DistinctLayers).Select(l => l.Digest).Distinct().Count());
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{nodes:N0} synthetic nodes, {pairs:N0} (node, layer) pairs; {runs} builds, each into a fresh view."));
        output.WriteLine();

        var rows = new List<string[]>();
        for (var run = 1; run <= runs; run++)
        {
            rows.Add(Measure(cluster, pairs, run));
        }

        MarkdownTable.Write(output, ["build", "apply s", "gen2 collections", "heap kept MiB", "bytes a pair", "process RSS MiB"], rows);
    }

    // Not inlined, so that nothing of one build is still reachable from the loop's frame when the next one starts.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static string[] Measure(SyntheticCluster cluster, long pairs, int run)
    {
        var before = Heap();
        var gen2 = GC.CollectionCount(2);
        var started = Stopwatch.GetTimestamp();
        using var state = Build(cluster);
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var collections = GC.CollectionCount(2) - gen2;
        var kept = Heap() - before;
        var rss = Environment.WorkingSet;
        GC.KeepAlive(state);
        return [
            run.ToString(CultureInfo.InvariantCulture),
            seconds.ToString("0.000", CultureInfo.InvariantCulture),
            collections.ToString(CultureInfo.InvariantCulture),
            (kept / 1024.0 / 1024.0).ToString("0.0", CultureInfo.InvariantCulture),
            ((double)kept / pairs).ToString("0.0", CultureInfo.InvariantCulture),
            (rss / 1024.0 / 1024.0).ToString("0", CultureInfo.InvariantCulture),
        ];
    }

    private static long Heap()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetTotalMemory(forceFullCollection: false);
    }

    private static ClusterState Build(SyntheticCluster cluster) =>
        ScoringFixture.Apply(
            cluster,
            Options.Create(new CoordinatorOptions { ServeWithoutRedis = true }),
            new CoordinatorMetrics(new MetricRegistry("coordinator", "bench")));
}
