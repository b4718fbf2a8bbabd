using System.Diagnostics;
using System.Text;
using LayerCache.AgentBenchmarks.Reporting;
using LayerCache.Registry;
using LayerCache.Testing.Containerd;
using LayerCache.Testing.Registry;

namespace LayerCache.AgentBenchmarks.Prefetch;

/// <summary>
/// One ~500 MB image of six incompressible layers in a real docker-registry on loopback, fetched into a fresh
/// containerd per run by each contender. The order of the contenders flips every run so neither gains from
/// the page cache. Clients talk to docker-registry directly, not through the test fixture's counting proxy.
/// </summary>
public sealed class PrefetchBenchmark(BenchmarkOptions options, ProgressLog log)
{
    private const int ProbeRuns = 3;

    /// <summary>Sizes of the random file in each layer; gzip leaves random bytes as large as they were.</summary>
    private static readonly int[] LayerFileMegabytes = [200, 120, 80, 50, 30, 20];

    public async Task RunAsync(TextWriter output, CancellationToken cancellationToken)
    {
        var machine = await MachineDescription.DescribeAsync(cancellationToken).ConfigureAwait(false);
        var registry = new RegistryFixture();
        await registry.InitializeAsync().ConfigureAwait(false);
        try
        {
            var host = $"127.0.0.1:{registry.Registry.Port}";
            var (reference, image) = await PushImageAsync(host, cancellationToken).ConfigureAwait(false);
            var contenders = PrefetchContenders.All(host);
            var times = contenders.ToDictionary(c => c.Name, _ => new List<double>());
            for (var run = 1; run <= options.Runs; run++)
            {
                var order = run % 2 == 1 ? contenders : contenders.Reverse().ToList();
                foreach (var contender in order)
                {
                    var seconds = await MeasureAsync(contender, reference, image, cancellationToken).ConfigureAwait(false);
                    times[contender.Name].Add(seconds);
                    log.Write($"run {run}: {contender.Name}: {seconds:F3} s");
                }
            }

            var probe = await ProbeAsync(host, reference, image, cancellationToken).ConfigureAwait(false);
            await output.WriteAsync(Report(machine, image, contenders, times, probe)).ConfigureAwait(false);
        }
        finally
        {
            await registry.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task<(string Reference, TestImage Image)> PushImageAsync(string host, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var builder = new OciImageBuilder(seed: 500);
        var image = builder.CreateImage(builder.CreateLayers([.. LayerFileMegabytes.Select(mb => mb * 1024 * 1024)]));
        var reference = ImageReference.Parse($"{host}/bench/large:v1");
        var registryOptions = new RegistryOptions { UseDockerConfig = false };
        registryOptions.InsecureHosts.Add(host);
        using var client = new RegistryClient(registryOptions);
        await OciImageBuilder.PushAsync(client, reference, image, cancellationToken).ConfigureAwait(false);
        log.Write($"pushed {reference}: {image.Layers.Count} layers, {TotalBytes(image) / 1e6:F1} MB in {Stopwatch.GetElapsedTime(started).TotalSeconds:F1} s");
        return (reference.ToString(), image);
    }

    /// <summary>The download and the containerd write of the layer prefetch, each alone, three runs each.</summary>
    private async Task<Dictionary<string, List<ProbeResult>>> ProbeAsync(string host, string reference, TestImage image, CancellationToken cancellationToken)
    {
        var probe = new Dictionary<string, List<ProbeResult>>
        {
            [PrefetchPathProbe.DownloadOnly] = [],
            [PrefetchPathProbe.Write] = [],
            [PrefetchPathProbe.WriteWide] = [],
        };
        for (var run = 1; run <= ProbeRuns; run++)
        {
            probe[PrefetchPathProbe.DownloadOnly].Add(await PrefetchPathProbe.DownloadAsync(host, reference, image, cancellationToken).ConfigureAwait(false));
            probe[PrefetchPathProbe.Write].Add(await PrefetchPathProbe.WriteAsync(image, 3, cancellationToken).ConfigureAwait(false));
            probe[PrefetchPathProbe.WriteWide].Add(await PrefetchPathProbe.WriteAsync(image, 6, cancellationToken).ConfigureAwait(false));
            log.Write($"probe {run}: {string.Join("; ", probe.Select(p => $"{p.Key}: {p.Value[^1].Seconds:F3} s"))}");
        }

        return probe;
    }

    /// <summary>A fresh containerd, the contender's run, then a check that every layer really arrived.</summary>
    private static async Task<double> MeasureAsync(PrefetchContender contender, string reference, TestImage image, CancellationToken cancellationToken)
    {
        using var node = new ContainerdFixture();
        await node.StartAsync(cancellationToken).ConfigureAwait(false);
        var elapsed = await contender.RunAsync(node, reference, cancellationToken).ConfigureAwait(false);
        using var client = node.CreateClient();
        var present = (await client.ListContentAsync(cancellationToken).ConfigureAwait(false)).Select(c => c.Digest).ToHashSet();
        var missing = image.Layers.Where(l => !present.Contains(l.Digest)).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException($"{contender.Name} left {missing.Count} layers out of containerd.");
        }

        return elapsed.TotalSeconds;
    }

    private string Report(
        string machine, TestImage image, IReadOnlyList<PrefetchContender> contenders, Dictionary<string, List<double>> times, Dictionary<string, List<ProbeResult>> probe)
    {
        var megabytes = TotalBytes(image) / 1e6;
        var median = times.ToDictionary(t => t.Key, t => Statistics.Median(t.Value));
        var table = new MarkdownTable("contender", "what it does", "median s", "min s", "max s", "MB/s (median)");
        foreach (var c in contenders)
        {
            var t = times[c.Name];
            table.Add(c.Name, c.Does, $"{median[c.Name]:F2}", $"{t.Min():F2}", $"{t.Max():F2}", $"{megabytes / median[c.Name]:F0}");
        }

        var ratios = new MarkdownTable("ratio of medians", "value");
        ratios.Add($"{PrefetchContenders.CtrFetch} ÷ {PrefetchContenders.AgentInProcess} (like for like)", $"{median[PrefetchContenders.CtrFetch] / median[PrefetchContenders.AgentInProcess]:F2}");
        ratios.Add($"{PrefetchContenders.CtrFetch} ÷ {PrefetchContenders.AgentInProcessNarrow}", $"{median[PrefetchContenders.CtrFetch] / median[PrefetchContenders.AgentInProcessNarrow]:F2}");
        ratios.Add($"{PrefetchContenders.CtrFetch} ÷ {PrefetchContenders.AgentCommand} (both a process)", $"{median[PrefetchContenders.CtrFetch] / median[PrefetchContenders.AgentCommand]:F2}");
        ratios.Add($"{PrefetchContenders.CtrPull} ÷ {PrefetchContenders.AgentInProcess}", $"{median[PrefetchContenders.CtrPull] / median[PrefetchContenders.AgentInProcess]:F2}");

        var text = new StringBuilder();
        text.AppendLine("## prefetch");
        text.AppendLine();
        text.AppendLine($"Machine: {machine}.");
        text.AppendLine($"Image: {image.Layers.Count} layers, {string.Join(" + ", image.Layers.Select(l => $"{l.SizeBytes / 1e6:F1}"))} = {megabytes:F1} MB, " +
            $"docker-registry on 127.0.0.1; a fresh containerd for every run; {options.Runs} runs per contender, order reversed every other run.");
        text.AppendLine();
        text.AppendLine(table.ToString());
        text.AppendLine(ratios.ToString());
        var parts = new MarkdownTable("part of the layer prefetch, alone", "median s", "MB/s", "client CPU s", "containerd CPU s");
        foreach (var (name, runs) in probe)
        {
            var seconds = Statistics.Median(runs.Select(r => r.Seconds));
            var containerdCpu = Statistics.Median(runs.Select(r => r.ContainerdCpuSeconds));
            parts.Add(
                name,
                $"{seconds:F2}",
                $"{megabytes / seconds:F0}",
                $"{Statistics.Median(runs.Select(r => r.ClientCpuSeconds)):F2}",
                double.IsNaN(containerdCpu) ? "-" : $"{containerdCpu:F2}");
        }

        text.AppendLine($"Where the time goes ({ProbeRuns} runs each, medians; 3 layers at a time unless said; the writes are fed from memory through a Pipe in 128 KiB writes, " +
            "as the download feeds the agent's; CPU from /proc over the run, 2 cores = 2 CPU s per wall second):");
        text.AppendLine();
        text.AppendLine(parts.ToString());
        text.AppendLine("Raw wall times (s), in run order:");
        text.AppendLine();
        foreach (var c in contenders)
        {
            text.AppendLine($"- {c.Name}: {string.Join(", ", times[c.Name].Select(s => $"{s:F3}"))}");
        }

        foreach (var (name, runs) in probe)
        {
            text.AppendLine($"- {name}: {string.Join(", ", runs.Select(r => $"{r.Seconds:F3}"))}");
        }

        return text.ToString();
    }

    private static long TotalBytes(TestImage image) => image.Layers.Sum(l => l.SizeBytes);
}
