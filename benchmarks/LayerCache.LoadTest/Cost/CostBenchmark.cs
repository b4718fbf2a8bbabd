using System.Globalization;
using LayerCache.Benchmarks;

namespace LayerCache.LoadTest.Cost;

/// <summary>
/// The control plane's cost per node (docs/coordinator-benchmarks.md, "control-plane cost per node"): at each node count,
/// Redis's bytes in and out and commands, Redis's CPU and the coordinator's CPU, per node and second, with synthetic
/// agents at rest, in a pull storm and in a prefetch order burst.
/// </summary>
public static class CostBenchmark
{
    /// <summary>Below this share of the intended load done, a row says the load generator fell short.</summary>
    private const double ShortOfIntended = 0.95;

    public static async Task RunAsync(TextWriter output, CostSettings settings, CancellationToken cancellationToken = default)
    {
        List<PhaseCost> rows = [];
        foreach (var nodes in settings.NodeCounts)
        {
            var measured = await new CostRun(nodes, settings).MeasureAsync(cancellationToken).ConfigureAwait(false);
            foreach (var row in measured)
            {
                // On stderr as each node count ends, so a long run that fails later keeps what it measured.
                Console.Error.WriteLine($"cost: {new CostSummary(settings, [row]).ToJson()}");
            }

            rows.AddRange(measured);
        }

        if (settings.Json)
        {
            output.WriteLine(new CostSummary(settings, rows).ToJson());
            return;
        }

        var f = CultureInfo.InvariantCulture;
        output.WriteLine("## cost: control-plane cost per node");
        output.WriteLine();
        output.WriteLine($"Machine: {Machine.Describe()}.");
        output.WriteLine();
        output.WriteLine(string.Create(f, $"Each phase settles {settings.Settle.TotalSeconds:0} s, then is measured over {settings.Window.TotalSeconds:0} s. Agents heartbeat every {AgentCadence.HeartbeatInterval.TotalSeconds:0} s and poll their orders every {AgentCadence.OrderPollInterval.TotalSeconds:0} s; in the pull storm each pulls an image it lacks every {settings.PullEvery.TotalSeconds:0} s; in the order burst each node gets a prefetch of an image it lacks every {settings.BurstEvery.TotalSeconds:0} s."));
        output.WriteLine();
        MarkdownTable.Write(
            output,
            ["nodes", "phase", "Redis in B/s per node", "Redis out B/s per node", "commands/s per node", "coordinator CPU ms/s per node", "coordinator CPU % of a core", "Redis CPU ms/s per node", "load done / intended", "orders completed / appended", "load generator CPU % of a core"],
            rows.Select(r => (IReadOnlyList<string>)
            [
                r.Nodes.ToString("N0", f), r.PhaseName, r.InputBytesPerNodeSecond.ToString("N1", f), r.OutputBytesPerNodeSecond.ToString("N1", f),
                r.CommandsPerNodeSecond.ToString("0.000", f), r.CoordinatorCpuMsPerNodeSecond.ToString("0.0000", f),
                (r.CoordinatorCpuSeconds / r.Seconds * 100).ToString("0.0", f), r.RedisCpuMsPerNodeSecond.ToString("0.0000", f),
                r.AchievedShare.ToString("0.00", f) + (r.AchievedShare < ShortOfIntended ? " (short)" : ""),
                r.Done.OrdersAppended > 0 ? $"{r.Done.OrdersCompleted:N0} / {r.Done.OrdersAppended:N0}" : "",
                (r.LoadGeneratorCpuSeconds / r.Seconds * 100).ToString("0", f),
            ]));
        var short_ = rows.Where(r => r.AchievedShare < ShortOfIntended).Select(r => $"{r.Nodes:N0} {r.PhaseName}").ToList();
        output.WriteLine(short_.Count == 0
            ? "Every row did at least 95% of the heartbeats, polls, pulls and orders it intended: the load generator kept up."
            : $"The load generator fell short of its intended load (below 95%) in: {string.Join(", ", short_)}; those rows understate the cost.");
        if (rows.Sum(r => r.Done.Failures) is var failures and > 0)
        {
            output.WriteLine(string.Create(f, $"Redis calls that failed (timeouts) during the windows: {failures:N0}."));
        }
    }
}
