using System.Globalization;
using System.Text.Json;
using LayerCache.Benchmarks;
using LayerCache.Benchmarks.Synthetic;
using LayerCache.LoadTest.Cluster;
using LayerCache.Testing.Redis;

namespace LayerCache.LoadTest.Load;

/// <summary>
/// <c>POST /scheduler/prioritize</c> against the real coordinator process, its view fed from a real redis-server into
/// which synthetic agents published their nodes, under closed-loop load at a few concurrency levels.
/// </summary>
public static class PrioritizeBenchmark
{
    private const string Path = "/scheduler/prioritize";
    private const int Bodies = 64;

    public static async Task RunAsync(TextWriter output, int nodes, IReadOnlyList<int> concurrencies, TimeSpan warmup, TimeSpan window)
    {
        var redis = new RedisFixture();
        await redis.InitializeAsync().ConfigureAwait(false);
        try
        {
            using var connection = await BenchmarkRedis.ConnectAsync(redis).ConfigureAwait(false);
            var cluster = SyntheticCluster.Generate(nodes);
            var publisher = new ClusterPublisher(connection, cluster);
            await publisher.PublishAsync(CancellationToken.None).ConfigureAwait(false);
            using var keepAlive = new CancellationTokenSource();
            var heartbeats = publisher.KeepAliveAsync(TimeSpan.FromSeconds(5), keepAlive.Token);
            await using var coordinator = await CoordinatorProcess.StartAsync(redis.Endpoint, CancellationToken.None).ConfigureAwait(false);
            var viewNodes = await coordinator.MetricAsync("layercache_view_nodes", CancellationToken.None).ConfigureAwait(false);
            var images = cluster.PodImages.Select(i => i.Reference).ToList();
            var bodies = Enumerable.Range(1, Bodies).Select(i => PodRequest.Body(images, cluster.NodeNames, i)).ToList();
            var scored = await CheckAnswerAsync(coordinator, bodies[0], nodes).ConfigureAwait(false);

            output.WriteLine("## prioritize: POST /scheduler/prioritize on loopback");
            output.WriteLine();
            var version = await RedisVersionAsync(connection).ConfigureAwait(false);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Machine: {Machine.Describe()}, redis-server {version}. The load generator, the coordinator and redis-server share the machine's cores."));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{nodes:N0} nodes published by synthetic agents (InventoryPublisher + heartbeats every 5 s); the coordinator's view held {viewNodes:N0} when the load began. Each request names {nodes:N0} NodeNames and a pod of {images.Count} images ({bodies[0].Length:N0} bytes of JSON); in the first answer {scored:N0} nodes scored above 0."));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Closed loop: {warmup.TotalSeconds:N0} s warm-up, then a {window.TotalSeconds:N0} s window per concurrency level, each worker on its own kept-alive connection. CPU is user+system over the window, in % of one core (200 % is both cores)."));
            output.WriteLine();
            ClusterReport.Write(output, cluster);
            var loop = new ClosedLoop(coordinator.Address, Path, bodies);
            var rows = new List<IReadOnlyList<string>>();
            foreach (var concurrency in concurrencies)
            {
                Console.Error.WriteLine($"prioritize: {concurrency} connections");
                var result = await loop.RunAsync(concurrency, warmup, window, coordinator.CpuSeconds).ConfigureAwait(false);
                rows.Add(Row(result));
            }

            MarkdownTable.Write(
                output,
                ["connections", "requests", "requests/s", "p50 ms", "p90 ms", "p99 ms", "max ms", "errors", "coordinator CPU %", "load generator CPU %", ">= 1,000/s and p99 < 10 ms"],
                rows);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Coordinator (`{CoordinatorProcess.Command}`) RSS at the end: {ProcessStat.RssBytes(coordinator.Pid) / 1048576.0:N0} MiB; it was ready {coordinator.ReadyAfterSeconds:N2} s after its process started."));
            await keepAlive.CancelAsync().ConfigureAwait(false);
            await heartbeats.ConfigureAwait(false);
        }
        finally
        {
            await redis.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>One answer read in full: a HostPriority for every node asked, in order; returns how many scored above 0.</summary>
    private static async Task<int> CheckAnswerAsync(CoordinatorProcess coordinator, byte[] body, int nodes)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new("application/json");
        using var response = await coordinator.Http.PostAsync(new Uri(Path, UriKind.Relative), content).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        using var answer = JsonDocument.Parse(text);
        var scores = answer.RootElement.EnumerateArray().Select(e => e.GetProperty("Score").GetInt32()).ToList();
        if (scores.Count != nodes || !scores.Any(s => s > 0))
        {
            throw new InvalidOperationException($"the coordinator scored {scores.Count} nodes, none above 0: its view does not hold the cluster");
        }

        return scores.Count(s => s > 0);
    }

    private static async Task<string> RedisVersionAsync(StackExchange.Redis.IConnectionMultiplexer connection)
    {
        var info = await connection.GetServer(connection.GetEndPoints()[0]).InfoAsync("server").ConfigureAwait(false);
        return info.SelectMany(g => g).First(p => p.Key == "redis_version").Value;
    }

    private static string[] Row(LoadResult r)
    {
        var ms = r.SortedMilliseconds;
        var f = CultureInfo.InvariantCulture;
        var p99 = ms.Length == 0 ? double.NaN : Percentile.Of(ms, 99);
        var met = r.RequestsPerSecond >= 1_000 && p99 < 10 && r.Errors == 0;
        return
        [
            r.Concurrency.ToString(f), ms.Length.ToString("N0", f), r.RequestsPerSecond.ToString("N0", f),
            Percentile.Of(ms, 50).ToString("0.00", f), Percentile.Of(ms, 90).ToString("0.00", f), p99.ToString("0.00", f),
            ms[^1].ToString("0.00", f), r.Errors.ToString(f),
            (100 * r.CoordinatorCpuSeconds / r.WindowSeconds).ToString("N0", f), (100 * r.LoadGeneratorCpuSeconds / r.WindowSeconds).ToString("N0", f),
            met ? "met" : "not met",
        ];
    }
}
