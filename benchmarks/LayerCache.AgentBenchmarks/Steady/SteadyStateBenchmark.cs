using System.Diagnostics;
using System.Text;
using LayerCache.AgentBenchmarks.Node;
using LayerCache.AgentBenchmarks.Reporting;
using LayerCache.Testing.Containerd;

namespace LayerCache.AgentBenchmarks.Steady;

/// <summary>
/// The real agent process idling beside a containerd that holds many images: resident memory and CPU over a
/// window after it is ready and has settled, once per <see cref="RuntimeSetting"/>. The window includes whatever
/// the agent does when idle (its interval resync, the event stream), as on a node.
/// </summary>
public sealed class SteadyStateBenchmark(BenchmarkOptions options, ProgressLog log)
{
    private const double RssTargetBytes = 80 * 1024 * 1024;
    private const double CpuTargetPercent = 1;

    public async Task RunAsync(TextWriter output, CancellationToken cancellationToken)
    {
        var machine = await MachineDescription.DescribeAsync(cancellationToken).ConfigureAwait(false);
        using var node = await ImageCorpus.StartNodeAsync(options, log, cancellationToken).ConfigureAwait(false);

        var samples = new List<SteadySample>();
        foreach (var setting in RuntimeSetting.All.Where(s => options.OnlySetting is null || s.Name.Contains(options.OnlySetting, StringComparison.Ordinal)))
        {
            var sample = await SampleAsync(node, setting, cancellationToken).ConfigureAwait(false);
            log.Write($"{setting.Name}: RSS max {sample.MaxRssBytes / 1048576.0:F1} MiB, CPU {sample.CpuPercentOfOneCore:F2} %");
            samples.Add(sample);
        }

        await output.WriteAsync(Report(machine, samples)).ConfigureAwait(false);
    }

    private async Task<SteadySample> SampleAsync(ContainerdFixture node, RuntimeSetting setting, CancellationToken cancellationToken)
    {
        await using var agent = AgentProcess.Start(node.SocketPath, setting.Environment, setting.Native);
        var ready = await agent.WaitUntilReadyAsync(TimeSpan.FromSeconds(60), cancellationToken).ConfigureAwait(false);
        await Task.Delay(TimeSpan.FromSeconds(options.SettleSeconds), cancellationToken).ConfigureAwait(false);
        var resyncsBefore = PrometheusText.Value(await agent.MetricsAsync(cancellationToken).ConfigureAwait(false), "layercache_resyncs_total");

        var threadsBefore = ThreadCpu.Read(agent.Pid);
        var first = agent.Sample();
        var clock = Stopwatch.StartNew();
        var rss = new List<long> { first.RssBytes };
        var last = first;
        for (var second = 1; second <= options.SampleSeconds; second++)
        {
            // On the second, not after it: the CPU is divided by the window the clock measured.
            var wait = TimeSpan.FromSeconds(second) - clock.Elapsed;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
            }

            last = agent.Sample();
            rss.Add(last.RssBytes);
        }

        var window = clock.Elapsed;
        var threads = ThreadCpu.Between(threadsBefore, ThreadCpu.Read(agent.Pid));
        var resyncs = PrometheusText.Value(await agent.MetricsAsync(cancellationToken).ConfigureAwait(false), "layercache_resyncs_total") - resyncsBefore;
        var cpu = (last.CpuTime - first.CpuTime).TotalSeconds / window.TotalSeconds * 100;
        return new SteadySample(setting.Name, ready, rss.Max(), last.RssBytes, last.PeakRssBytes, last.RssAnonBytes, last.RssFileBytes, cpu, resyncs, rss, threads);
    }

    private string Report(string machine, IReadOnlyList<SteadySample> samples)
    {
        var table = new MarkdownTable(
            "runtime setting", "ready after s", "RSS max MiB", "RSS final MiB", "of which anon MiB", "of which file MiB", "VmHWM MiB", "CPU % of one core", "resyncs in window", "RSS < 80 MiB", "CPU < 1 %");
        foreach (var s in samples)
        {
            table.Add(
                s.Setting,
                $"{s.ReadyAfter.TotalSeconds:F2}",
                Mib(s.MaxRssBytes),
                Mib(s.FinalRssBytes),
                Mib(s.FinalRssAnonBytes),
                Mib(s.FinalRssFileBytes),
                Mib(s.PeakRssBytes),
                $"{s.CpuPercentOfOneCore:F2}",
                $"{s.ResyncsInWindow:F0}",
                s.MaxRssBytes < RssTargetBytes ? "met" : "not met",
                s.CpuPercentOfOneCore < CpuTargetPercent ? "met" : "not met");
        }

        var text = new StringBuilder();
        text.AppendLine("## steady");
        text.AppendLine();
        text.AppendLine($"Machine: {machine}.");
        text.AppendLine($"containerd holds {options.Images} images x {options.LayersPerImage} distinct layers of {ImageCorpus.LayerBytes / 1024} kB; " +
            $"the agent (its Native AOT binary, or `dotnet layercache-agent.dll` for the JIT rows; default settings: resync every 60 s) sampled once a second for {options.SampleSeconds} s, " +
            $"{options.SettleSeconds} s after /readyz first answered 200. RSS is VmRSS (final split into RssAnon and RssFile, " +
            "the mapped assemblies), CPU is utime+stime from /proc over the window.");
        text.AppendLine();
        text.AppendLine(table.ToString());
        text.AppendLine("Raw RSS samples (MiB), one a second:");
        text.AppendLine();
        foreach (var s in samples)
        {
            text.AppendLine($"- {s.Setting}: {string.Join(", ", s.RssBytes.Select(Mib))}");
        }

        text.AppendLine();
        text.AppendLine($"CPU seconds in the {options.SampleSeconds} s window by thread name (/proc/<pid>/task/*/stat), the five busiest:");
        text.AppendLine();
        foreach (var s in samples)
        {
            text.AppendLine($"- {s.Setting}: {string.Join(", ", s.CpuByThread.Take(5).Select(t => $"{t.Name} {t.Seconds:F2}"))}");
        }

        return text.ToString();
    }

    private static string Mib(long bytes) => $"{bytes / 1048576.0:F1}";
}
