using System.Diagnostics;
using System.Globalization;
using LayerCache.Benchmarks;
using LayerCache.Benchmarks.Synthetic;
using LayerCache.LoadTest.Cluster;
using LayerCache.Testing.Redis;

namespace LayerCache.LoadTest.Resync;

/// <summary>
/// What a large cluster costs in Redis (INFO memory before and after synthetic agents publish) and how long a fresh
/// coordinator process takes to read all of it into its view (its own <c>layercache_view_full_sync_seconds</c>).
/// </summary>
public static class ResyncBenchmark
{
    private const string SyncSeconds = "layercache_view_full_sync_seconds";

    /// <summary>The full sync of 5,000 nodes this benchmark is held to, median of the runs.</summary>
    private const double TargetSeconds = 1;

    private static readonly (string Name, Dictionary<string, string>? Environment)[] Settings =
    [
        ("as shipped (server GC)", null),
        ("DOTNET_gcServer=0 (workstation GC)", new() { ["DOTNET_gcServer"] = "0" }),
    ];

    /// <summary>
    /// With <paramref name="json"/>: only the coordinator as shipped, and one JSON object on <paramref name="output"/> for a
    /// script to check (<see cref="ResyncSummary"/>) instead of the Markdown report.
    /// </summary>
    /// <param name="idle">
    /// How long the last run's coordinator is left idle after its read before its peak resident memory is read again: it
    /// refreshes every heartbeat every 2 s, and the collector lets that garbage grow for tens of seconds before its first
    /// collection after the read. Keep it under the nodes' expiry (2 minutes from the heartbeats' stamp): the view must
    /// still hold every node at the end.
    /// </param>
    public static async Task RunAsync(TextWriter output, int nodes, int runs, TimeSpan idle, bool json = false)
    {
        var redis = new RedisFixture();
        await redis.InitializeAsync().ConfigureAwait(false);
        try
        {
            using var connection = await BenchmarkRedis.ConnectAsync(redis).ConfigureAwait(false);
            var cluster = SyntheticCluster.Generate(nodes);
            var before = await RedisMemory.ReadAsync(connection).ConfigureAwait(false);
            var publisher = new ClusterPublisher(connection, cluster);
            Console.Error.WriteLine($"resync: publishing {nodes} nodes");
            var publishing = Stopwatch.StartNew();
            await publisher.PublishAsync(CancellationToken.None).ConfigureAwait(false);
            var published = publishing.Elapsed.TotalSeconds;
            var after = await RedisMemory.ReadAsync(connection).ConfigureAwait(false);
            var redisBytesPerNode = (after.UsedBytes - before.UsedBytes) / (double)nodes;
            if (json)
            {
                var measured = new List<(double Sync, long Rss, long PeakRss)>();
                long idlePeakRss = 0;
                for (var run = 1; run <= runs; run++)
                {
                    Console.Error.WriteLine($"resync: coordinator run {run}/{runs}");
                    await publisher.HeartbeatAsync(CancellationToken.None).ConfigureAwait(false);
                    await using var coordinator = await StartSyncedAsync(redis, nodes, environment: null).ConfigureAwait(false);
                    var sync = await coordinator.MetricAsync(SyncSeconds + "_sum", CancellationToken.None).ConfigureAwait(false);
                    measured.Add((sync, ProcessStat.RssBytes(coordinator.Pid), ProcessStat.PeakRssBytes(coordinator.Pid)));
                    if (run == runs)
                    {
                        idlePeakRss = (await IdleAsync(coordinator, nodes, idle).ConfigureAwait(false)).PeakRss;
                    }
                }

                output.WriteLine(new ResyncSummary(
                    nodes,
                    runs,
                    redisBytesPerNode,
                    Percentile.Median(measured.Select(m => m.Sync).ToList()),
                    (long)Percentile.Median(measured.Select(m => (double)m.Rss).ToList()),
                    (long)Percentile.Median(measured.Select(m => (double)m.PeakRss).ToList()),
                    idle.TotalSeconds,
                    idlePeakRss).ToJson());
                return;
            }

            var f = CultureInfo.InvariantCulture;
            output.WriteLine("## resync: Redis memory and the coordinator's full sync");
            output.WriteLine();
            output.WriteLine($"Machine: {Machine.Describe()}.");
            ClusterReport.Write(output, cluster);
            var layerEntries = cluster.Nodes.Sum(n => (long)n.DistinctLayers);
            output.WriteLine(string.Create(f, $"{nodes:N0} synthetic agents published their snapshots with InventoryPublisher (32 at a time) in {published:N1} s, then a heartbeat each: {layerEntries:N0} (node, layer) pairs, {cluster.Nodes.Sum(n => n.Snapshot.Images.Count):N0} (node, image) pairs."));
            output.WriteLine();
            static string MiB(long bytes) => (bytes / 1048576.0).ToString("N1", CultureInfo.InvariantCulture);
            MarkdownTable.Write(
                output,
                ["redis INFO memory", "keys", "used_memory MiB", "used_memory_rss MiB", "note"],
                [
                    ["before (empty)", before.Keys.ToString("N0", f), MiB(before.UsedBytes), MiB(before.RssBytes), ""],
                    [$"after {nodes:N0} nodes", after.Keys.ToString("N0", f), MiB(after.UsedBytes), MiB(after.RssBytes), ""],
                    [
                        "per node", "", ((after.UsedBytes - before.UsedBytes) / 1024.0 / nodes).ToString("N1", f) + " KiB",
                        ((after.RssBytes - before.RssBytes) / 1024.0 / nodes).ToString("N1", f) + " KiB", "(after - before) / nodes",
                    ],
                ]);

            output.WriteLine("What each kind of key takes (`MEMORY USAGE key SAMPLES 0` of every key of the kind, its name and overhead included):");
            output.WriteLine();
            MarkdownTable.Write(output, ["key", "keys", "MiB", "bytes a key", "bytes a node"], await RedisKeyCosts.MeasureAsync(connection, nodes).ConfigureAwait(false));

            output.WriteLine(string.Create(f, $"A fresh coordinator process (`{CoordinatorProcess.Command} --redis …`) per run, the heartbeats re-stamped before each; the full sync is the coordinator's own `{SyncSeconds}` (its first and only sync when /readyz turns 200), ready after is from process start to that 200. CPU and RSS are read right after."));
            output.WriteLine();
            var rows = new List<IReadOnlyList<string>>();
            var summary = new List<IReadOnlyList<string>>();
            var idleRows = new List<IReadOnlyList<string>>();
            foreach (var (setting, environment) in Settings)
            {
                var syncs = new List<double>();
                for (var run = 1; run <= runs; run++)
                {
                    Console.Error.WriteLine($"resync: coordinator ({setting}) run {run}/{runs}");
                    await publisher.HeartbeatAsync(CancellationToken.None).ConfigureAwait(false);
                    await using var coordinator = await StartSyncedAsync(redis, nodes, environment).ConfigureAwait(false);
                    var (sync, row) = await RowAsync(coordinator).ConfigureAwait(false);
                    syncs.Add(sync);
                    rows.Add([setting, run.ToString(f), .. row]);
                    if (run == runs)
                    {
                        var (rss, peak) = await IdleAsync(coordinator, nodes, idle).ConfigureAwait(false);
                        idleRows.Add([setting, (rss / 1048576.0).ToString("N0", f), (peak / 1048576.0).ToString("N0", f)]);
                    }
                }

                summary.Add(
                [
                    setting, runs.ToString(f), Percentile.Median(syncs).ToString("0.000", f), syncs.Min().ToString("0.000", f),
                    syncs.Max().ToString("0.000", f), Percentile.Median(syncs) <= TargetSeconds ? "met" : "not met",
                ]);
            }

            MarkdownTable.Write(output, ["coordinator", "run", "full sync s", "ready after s", "nodes in view", "RSS MiB", "peak RSS MiB", "CPU s"], rows);
            MarkdownTable.Write(output, [$"full sync of {nodes:N0} nodes", "runs", "median s", "min s", "max s", "target ≤ 1 s"], summary);
            output.WriteLine(string.Create(f, $"Each setting's last coordinator, left {idle.TotalSeconds:0} s after its read with no requests (it follows the deltas and refreshes every heartbeat every 2 s, as in a cluster), every node still in its view at the end: its RSS then, and the most it held resident in its life (VmHWM)."));
            output.WriteLine();
            MarkdownTable.Write(output, ["coordinator", $"RSS MiB after {idle.TotalSeconds:0} s idle", "peak RSS MiB"], idleRows);

            var breakdown = new List<(double Read, double Apply)>();
            for (var run = 1; run <= runs; run++)
            {
                Console.Error.WriteLine($"resync: in-process breakdown run {run}/{runs}");
                breakdown.Add(await SyncBreakdown.MeasureAsync(connection).ConfigureAwait(false));
            }

            output.WriteLine("The same steps timed apart in the load generator's process (workstation GC), each run into a fresh ClusterState:");
            output.WriteLine();
            MarkdownTable.Write(
                output,
                ["step", "runs", "median s", "min s", "max s", "raw s"],
                [
                    Summary("read every heartbeat and snapshot (32 at a time) and parse them", breakdown.Select(b => b.Read).ToList()),
                    Summary("apply them into ClusterState (UpsertNode + ApplyInventory)", breakdown.Select(b => b.Apply).ToList()),
                ]);
        }
        finally
        {
            await redis.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Leaves the coordinator idle for <paramref name="idle"/> after its read, then reads its resident memory and the most
    /// it held in its life; throws if the view lost a node meanwhile (the figures would be of a smaller view).
    /// </summary>
    private static async Task<(long Rss, long PeakRss)> IdleAsync(CoordinatorProcess coordinator, int nodes, TimeSpan idle)
    {
        Console.Error.WriteLine($"resync: coordinator left idle for {idle.TotalSeconds:0} s");
        await Task.Delay(idle).ConfigureAwait(false);
        var (rss, peak) = (ProcessStat.RssBytes(coordinator.Pid), ProcessStat.PeakRssBytes(coordinator.Pid));
        var viewNodes = await coordinator.MetricAsync("layercache_view_nodes", CancellationToken.None).ConfigureAwait(false);
        if (viewNodes != nodes)
        {
            throw new InvalidOperationException($"the view held {viewNodes} of {nodes} nodes after {idle.TotalSeconds:0} s idle");
        }

        return (rss, peak);
    }

    /// <summary>A fresh coordinator process, once its /readyz is 200, checked to have made exactly one full sync of every node.</summary>
    private static async Task<CoordinatorProcess> StartSyncedAsync(RedisFixture redis, int nodes, Dictionary<string, string>? environment)
    {
        var coordinator = await CoordinatorProcess.StartAsync(redis.Endpoint, CancellationToken.None, environment).ConfigureAwait(false);
        var count = await coordinator.MetricAsync(SyncSeconds + "_count", CancellationToken.None).ConfigureAwait(false);
        var viewNodes = await coordinator.MetricAsync("layercache_view_nodes", CancellationToken.None).ConfigureAwait(false);
        if (count != 1 || viewNodes != nodes)
        {
            await coordinator.DisposeAsync().ConfigureAwait(false);
            throw new InvalidOperationException($"expected one full sync of {nodes} nodes; /metrics says {count} syncs and {viewNodes} nodes");
        }

        return coordinator;
    }

    private static async Task<(double Sync, string[] Row)> RowAsync(CoordinatorProcess coordinator)
    {
        var f = CultureInfo.InvariantCulture;
        var sum = await coordinator.MetricAsync(SyncSeconds + "_sum", CancellationToken.None).ConfigureAwait(false);
        var viewNodes = await coordinator.MetricAsync("layercache_view_nodes", CancellationToken.None).ConfigureAwait(false);
        return (sum,
        [
            sum.ToString("0.000", f), coordinator.ReadyAfterSeconds.ToString("0.00", f), viewNodes.ToString("N0", f),
            (ProcessStat.RssBytes(coordinator.Pid) / 1048576.0).ToString("N0", f), (ProcessStat.PeakRssBytes(coordinator.Pid) / 1048576.0).ToString("N0", f),
            coordinator.CpuSeconds().ToString("0.0", f),
        ]);
    }

    private static string[] Summary(string step, List<double> seconds)
    {
        var f = CultureInfo.InvariantCulture;
        return
        [
            step, seconds.Count.ToString(f), Percentile.Median(seconds).ToString("0.000", f), seconds.Min().ToString("0.000", f),
            seconds.Max().ToString("0.000", f), string.Join(", ", seconds.Select(x => x.ToString("0.000", f))),
        ];
    }
}
