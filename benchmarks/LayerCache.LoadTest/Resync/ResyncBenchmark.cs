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

    public static async Task RunAsync(TextWriter output, int nodes, int runs)
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

            var rows = new List<IReadOnlyList<string>>();
            var syncs = new List<double>();
            for (var run = 1; run <= runs; run++)
            {
                Console.Error.WriteLine($"resync: coordinator run {run}/{runs}");
                await publisher.HeartbeatAsync(CancellationToken.None).ConfigureAwait(false);
                await using var coordinator = await CoordinatorProcess.StartAsync(redis.Endpoint, CancellationToken.None).ConfigureAwait(false);
                var count = await coordinator.MetricAsync(SyncSeconds + "_count", CancellationToken.None).ConfigureAwait(false);
                var sum = await coordinator.MetricAsync(SyncSeconds + "_sum", CancellationToken.None).ConfigureAwait(false);
                var viewNodes = await coordinator.MetricAsync("layercache_view_nodes", CancellationToken.None).ConfigureAwait(false);
                if (count != 1 || viewNodes != nodes)
                {
                    throw new InvalidOperationException($"expected one full sync of {nodes} nodes; /metrics says {count} syncs and {viewNodes} nodes");
                }

                syncs.Add(sum);
                rows.Add(
                [
                    run.ToString(f), sum.ToString("0.000", f), coordinator.ReadyAfterSeconds.ToString("0.00", f), viewNodes.ToString("N0", f),
                    MiB(ProcessStat.RssBytes(coordinator.Pid)), coordinator.CpuSeconds().ToString("0.00", f),
                ]);
            }

            output.WriteLine(string.Create(f, $"A fresh coordinator process (`dotnet layercache-coordinator.dll --redis …`) per run, the heartbeats re-stamped before each; the full sync is the coordinator's own `{SyncSeconds}` (its first and only sync when /readyz turns 200), ready after is from process start to that 200."));
            output.WriteLine();
            MarkdownTable.Write(output, ["run", "full sync s", "ready after s", "nodes in view", "coordinator RSS MiB", "coordinator CPU s", ""], rows);
            MarkdownTable.Write(
                output,
                ["full sync", "runs", "median s", "min s", "max s", "< 2 s"],
                [[$"{nodes:N0} nodes", runs.ToString(f), Percentile.Median(syncs).ToString("0.000", f), syncs.Min().ToString("0.000", f), syncs.Max().ToString("0.000", f), Percentile.Median(syncs) < 2 ? "met" : "not met"]]);
        }
        finally
        {
            await redis.DisposeAsync().ConfigureAwait(false);
        }
    }
}
