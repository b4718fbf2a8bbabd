using System.Diagnostics;
using System.Net;
using LayerCache.Benchmarks.Synthetic;
using LayerCache.Cluster;
using LayerCache.LoadTest.Cluster;
using LayerCache.Testing.Redis;
using StackExchange.Redis;

namespace LayerCache.LoadTest.Cost;

/// <summary>
/// One node count: a fresh redis-server, the synthetic agents' first publish, the real coordinator following it (its
/// /readyz 200 and every node in its view, checked before and after each window), then the agents running and each
/// phase measured in turn.
/// </summary>
public sealed class CostRun(int nodes, CostSettings settings)
{
    private const int ParallelStarts = 32;
    private readonly TimeProvider _time = TimeProvider.System;
    private readonly AgentCounters _counters = new();

    public async Task<IReadOnlyList<PhaseCost>> MeasureAsync(CancellationToken cancellationToken)
    {
        var redis = new RedisFixture();
        await redis.InitializeAsync().ConfigureAwait(false);
        try
        {
            using var agentLink = await BenchmarkRedis.ConnectAsync(redis).ConfigureAwait(false);
            using var coordinatorLink = await BenchmarkRedis.ConnectAsync(redis).ConfigureAwait(false);
            var cluster = SyntheticCluster.Generate(nodes);
            var store = new ClusterStoreOptions();
            var orders = new OrderQueue(agentLink, store, _time);
            var popularity = new PopularityStore(agentLink, store, TimeSpan.FromHours(1), _time);
            SyntheticAgent[] agents = [.. cluster.Nodes.Select((n, i) => new SyntheticAgent(n, agentLink, store, orders, popularity, _counters, _time, seed: i))];
            Console.Error.WriteLine($"cost: {nodes} agents publish their snapshots");
            await Parallel.ForEachAsync(
                agents,
                new ParallelOptions { MaxDegreeOfParallelism = ParallelStarts, CancellationToken = cancellationToken },
                async (agent, token) => await agent.StartAsync(token).ConfigureAwait(false)).ConfigureAwait(false);
            await using var coordinator = await CoordinatorProcess.StartAsync(redis.Endpoint, cancellationToken).ConfigureAwait(false);
            using var running = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var agentLoops = Task.WhenAll(agents.Select(a => a.RunAsync(running.Token)));
            try
            {
                var burst = new OrderBurst(agents, cluster.Catalog, new OrderQueue(coordinatorLink, store, _time), _counters, _time);
                List<PhaseCost> phases = [];
                phases.Add(await MeasurePhaseAsync(CostPhase.Rest, coordinator, coordinatorLink, _ => Task.CompletedTask, cancellationToken).ConfigureAwait(false));
                phases.Add(await MeasurePhaseAsync(
                    CostPhase.PullStorm, coordinator, coordinatorLink, token => Task.WhenAll(agents.Select(a => a.PullAsync(cluster.Catalog, settings.PullEvery, token))), cancellationToken).ConfigureAwait(false));
                phases.Add(await MeasurePhaseAsync(CostPhase.OrderBurst, coordinator, coordinatorLink, token => burst.IssueAsync(settings.BurstEvery, token), cancellationToken).ConfigureAwait(false));
                return phases;
            }
            finally
            {
                await running.CancelAsync().ConfigureAwait(false);
                await agentLoops.ConfigureAwait(false);
            }
        }
        finally
        {
            await redis.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Starts the phase's load, lets it settle, then reads every counter before and after the window.</summary>
    private async Task<PhaseCost> MeasurePhaseAsync(
        CostPhase phase, CoordinatorProcess coordinator, IConnectionMultiplexer redis, Func<CancellationToken, Task> load, CancellationToken cancellationToken)
    {
        using var loading = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var loadTask = load(loading.Token);
        try
        {
            Console.Error.WriteLine($"cost: {nodes} nodes, {phase}: settling {settings.Settle.TotalSeconds:0} s, then measuring {settings.Window.TotalSeconds:0} s");
            await Task.Delay(settings.Settle, _time, cancellationToken).ConfigureAwait(false);
            await EnsureFollowingAsync(coordinator, cancellationToken).ConfigureAwait(false);
            var (redisBefore, doneBefore) = (await RedisCounters.ReadAsync(redis).ConfigureAwait(false), _counters.Read());
            var (coordinatorBefore, selfBefore) = (coordinator.CpuSeconds(), ProcessStat.CpuSeconds(Environment.ProcessId));
            var started = Stopwatch.GetTimestamp();
            await Task.Delay(settings.Window, _time, cancellationToken).ConfigureAwait(false);
            var (redisAfter, doneAfter) = (await RedisCounters.ReadAsync(redis).ConfigureAwait(false), _counters.Read());
            var (coordinatorAfter, selfAfter) = (coordinator.CpuSeconds(), ProcessStat.CpuSeconds(Environment.ProcessId));
            var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            await EnsureFollowingAsync(coordinator, cancellationToken).ConfigureAwait(false);
            return new PhaseCost(
                nodes, phase, seconds, redisAfter - redisBefore, doneAfter - doneBefore, IntendedLoad.For(phase, nodes, seconds, settings),
                coordinatorAfter - coordinatorBefore, selfAfter - selfBefore);
        }
        finally
        {
            await loading.CancelAsync().ConfigureAwait(false);
            await loadTask.ConfigureAwait(false);
        }
    }

    /// <summary>The coordinator is ready (following Redis) and holds every node, or the numbers are not its real cost.</summary>
    private async Task EnsureFollowingAsync(CoordinatorProcess coordinator, CancellationToken cancellationToken)
    {
        using var ready = await coordinator.Http.GetAsync(new Uri("/readyz", UriKind.Relative), cancellationToken).ConfigureAwait(false);
        var viewNodes = await coordinator.MetricAsync("layercache_view_nodes", cancellationToken).ConfigureAwait(false);
        if (ready.StatusCode != HttpStatusCode.OK || viewNodes != nodes)
        {
            throw new InvalidOperationException($"the coordinator is not following all {nodes} nodes: /readyz {(int)ready.StatusCode}, {viewNodes} nodes in its view");
        }
    }
}
