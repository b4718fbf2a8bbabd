using System.Diagnostics;
using System.Text;
using LayerCache.AgentBenchmarks.Node;
using LayerCache.AgentBenchmarks.Reporting;
using LayerCache.Testing.Containerd;

namespace LayerCache.AgentBenchmarks.Resync;

/// <summary>
/// A full resync over a containerd holding many images: <c>InventorySync.ResyncAsync</c> in this process (cold: a
/// fresh agent that reads every manifest; warm: the same agent again, manifests cached by digest), and the agent
/// process's own <c>layercache_resync_seconds</c> with a 1 s resync interval.
/// </summary>
public sealed class ResyncBenchmark(BenchmarkOptions options, ProgressLog log)
{
    private const int ColdRuns = 5;
    private const double TargetSeconds = 2;
    private static readonly TimeSpan ProcessWindow = TimeSpan.FromSeconds(20);

    public async Task RunAsync(TextWriter output, CancellationToken cancellationToken)
    {
        var machine = await MachineDescription.DescribeAsync(cancellationToken).ConfigureAwait(false);
        using var node = await ImageCorpus.StartNodeAsync(options, log, cancellationToken).ConfigureAwait(false);

        var cold = new List<double>();
        var warm = new List<double>();
        (int Images, int Layers) seen = default;
        for (var run = 1; run <= ColdRuns; run++)
        {
            await using var agent = new InProcessInventory(node.SocketPath);
            cold.Add(await TimeAsync(agent, cancellationToken).ConfigureAwait(false));
            if (run < ColdRuns)
            {
                continue;
            }

            for (var i = 0; i < options.Runs; i++)
            {
                warm.Add(await TimeAsync(agent, cancellationToken).ConfigureAwait(false));
            }

            seen = await CountAsync(agent, cancellationToken).ConfigureAwait(false);
        }

        log.Write($"in process: cold {string.Join(", ", cold.Select(s => $"{s:F3}"))}; warm median {Statistics.Median(warm):F3} s");
        var process = await MeasureProcessAsync(node, cancellationToken).ConfigureAwait(false);
        await output.WriteAsync(Report(machine, seen, cold, warm, process)).ConfigureAwait(false);
    }

    private static async Task<double> TimeAsync(InProcessInventory agent, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        await agent.Inventory.ResyncAsync("benchmark", cancellationToken).ConfigureAwait(false);
        return Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    private static async Task<(int Images, int Layers)> CountAsync(InProcessInventory agent, CancellationToken cancellationToken)
    {
        var node = agent.Node;
        await node.Lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return (node.Cache.Images.Count, node.Cache.Layers.Count());
        }
        finally
        {
            node.Lock.Release();
        }
    }

    /// <summary>The agent process: its first resync (at start, cold), then the mean of those in a window at a 1 s interval.</summary>
    private async Task<ProcessResyncs> MeasureProcessAsync(ContainerdFixture node, CancellationToken cancellationToken)
    {
        await using var agent = AgentProcess.Start(node.SocketPath, new Dictionary<string, string>(), "--Agent:ResyncInterval=00:00:01");
        await agent.WaitUntilReadyAsync(TimeSpan.FromSeconds(60), cancellationToken).ConfigureAwait(false);
        var first = await agent.MetricsAsync(cancellationToken).ConfigureAwait(false);
        var coldCount = PrometheusText.Value(first, "layercache_resync_seconds_count");
        var coldSum = PrometheusText.Value(first, "layercache_resync_seconds_sum");
        await Task.Delay(ProcessWindow, cancellationToken).ConfigureAwait(false);
        var later = await agent.MetricsAsync(cancellationToken).ConfigureAwait(false);
        var count = PrometheusText.Value(later, "layercache_resync_seconds_count");
        var sum = PrometheusText.Value(later, "layercache_resync_seconds_sum");
        log.Write($"process: first {coldCount} resync(s) took {coldSum:F3} s; then {count - coldCount} more took {sum - coldSum:F3} s");
        return new ProcessResyncs(coldCount, coldSum, count - coldCount, sum - coldSum);
    }

    private string Report(string machine, (int Images, int Layers) seen, List<double> cold, List<double> warm, ProcessResyncs process)
    {
        var table = new MarkdownTable("resync", "runs", "median s", "min s", "max s", "< 2 s");
        table.Add("in process, cold (fresh agent, reads every manifest)", $"{cold.Count}", $"{Statistics.Median(cold):F3}", $"{cold.Min():F3}", $"{cold.Max():F3}", Verdict(cold.Max()));
        table.Add("in process, warm (manifests cached)", $"{warm.Count}", $"{Statistics.Median(warm):F3}", $"{warm.Min():F3}", $"{warm.Max():F3}", Verdict(warm.Max()));

        var metrics = new MarkdownTable("agent process, from /metrics", "resyncs", "sum s", "mean s", "< 2 s");
        metrics.Add("at /readyz (first resync, cold)", $"{process.ColdCount:F0}", $"{process.ColdSum:F3}", $"{process.ColdSum / process.ColdCount:F3}", Verdict(process.ColdSum / process.ColdCount));
        metrics.Add($"the next {ProcessWindow.TotalSeconds:F0} s at a 1 s interval (warm)", $"{process.WarmCount:F0}", $"{process.WarmSum:F3}", $"{process.WarmSum / process.WarmCount:F3}", Verdict(process.WarmSum / process.WarmCount));

        var text = new StringBuilder();
        text.AppendLine("## resync");
        text.AppendLine();
        text.AppendLine($"Machine: {machine}.");
        text.AppendLine($"containerd holds {options.Images} images x {options.LayersPerImage} distinct layers; the agent's cache saw {seen.Images} images and {seen.Layers} layers.");
        text.AppendLine();
        text.AppendLine(table.ToString());
        text.AppendLine(metrics.ToString());
        text.AppendLine("Raw in-process times (s):");
        text.AppendLine();
        text.AppendLine($"- cold: {string.Join(", ", cold.Select(s => $"{s:F4}"))}");
        text.AppendLine($"- warm: {string.Join(", ", warm.Select(s => $"{s:F4}"))}");
        return text.ToString();
    }

    private static string Verdict(double seconds) => seconds < TargetSeconds ? "met" : "not met";

    private sealed record ProcessResyncs(double ColdCount, double ColdSum, double WarmCount, double WarmSum);
}
