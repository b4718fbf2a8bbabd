using System.Diagnostics;
using System.Text;
using LayerCache.AgentBenchmarks.Node;
using LayerCache.AgentBenchmarks.Reporting;
using LayerCache.Containerd;
using LayerCache.Registry;
using LayerCache.Testing.Containerd;
using LayerCache.Testing.Registry;

namespace LayerCache.AgentBenchmarks.Unpack;

/// <summary>
/// What the kubelet's CRI PullImage still costs after each kind of preparation, on a fresh overlayfs containerd per
/// run: nothing (a cold pull), the layers fetched into the content store, or the image unpacked ahead. Then the
/// container is started from what the pull left, as proof that it runs. The image is the pause program and four
/// layers of 64 MiB of random bytes (gzip leaves them as large), in docker-registry on loopback.
/// </summary>
public sealed class UnpackBenchmark(BenchmarkOptions options, ProgressLog log)
{
    public const string Cold = "cold: nothing ahead";
    public const string LayersAhead = "layers fetched ahead (`prefetch --layers-only`)";
    public const string UnpackedAhead = "unpacked ahead (`prefetch --unpack`)";

    private const string Snapshotter = "overlayfs";
    private const int LayerMegabytes = 64;
    private const int Layers = 4;
    private static readonly TimeSpan StartCeiling = TimeSpan.FromMinutes(2);

    public async Task RunAsync(TextWriter output, CancellationToken cancellationToken)
    {
        var machine = await MachineDescription.DescribeAsync(cancellationToken).ConfigureAwait(false);
        var registry = new RegistryFixture();
        await registry.InitializeAsync().ConfigureAwait(false);
        try
        {
            var host = $"127.0.0.1:{registry.Registry.Port}";
            var (reference, image) = await PushImageAsync(host, cancellationToken).ConfigureAwait(false);
            string[] cases = [Cold, LayersAhead, UnpackedAhead];
            var runs = cases.ToDictionary(c => c, _ => new List<UnpackRun>());
            for (var run = 1; run <= options.Runs; run++)
            {
                foreach (var name in run % 2 == 1 ? cases : cases.Reverse())
                {
                    var measured = await MeasureAsync(name, host, reference, image, cancellationToken).ConfigureAwait(false);
                    runs[name].Add(measured);
                    log.Write($"run {run}: {name}: ahead {measured.AheadSeconds:F3} s, CRI pull {measured.PullSeconds:F3} s, container start {measured.StartSeconds:F3} s");
                }
            }

            await output.WriteAsync(Report(machine, image, runs)).ConfigureAwait(false);
        }
        finally
        {
            await registry.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task<(string Reference, TestImage Image)> PushImageAsync(string host, CancellationToken cancellationToken)
    {
        var builder = new OciImageBuilder(seed: 640);
        var program = OciImageBuilder.CreateLayer(PauseProgram.PathInImage, await PauseProgram.BytesAsync().ConfigureAwait(false), (UnixFileMode)0b111_101_101);
        var image = builder.CreateImage([program, .. builder.CreateLayers([.. Enumerable.Repeat(LayerMegabytes * 1024 * 1024, Layers)])]);
        var reference = ImageReference.Parse($"{host}/bench/ready:v1");
        var registryOptions = new RegistryOptions { UseDockerConfig = false };
        registryOptions.InsecureHosts.Add(host);
        using var client = new RegistryClient(registryOptions);
        await OciImageBuilder.PushAsync(client, reference, image, cancellationToken).ConfigureAwait(false);
        log.Write($"pushed {reference}: {image.Layers.Count} layers, {image.Layers.Sum(l => l.SizeBytes) / 1e6:F1} MB");
        return (reference.ToString(), image);
    }

    /// <summary>A fresh node; the preparation; the timed CRI pull; the container started from it and checked running.</summary>
    private static async Task<UnpackRun> MeasureAsync(string name, string host, string reference, TestImage image, CancellationToken cancellationToken)
    {
        using var node = ContainerdFixture.WithSnapshotter(Snapshotter);
        node.TrustPlainHttpRegistry(host);
        await node.StartAsync(cancellationToken).ConfigureAwait(false);
        using var client = node.CreateClient();
        using var agent = new InProcessAgent(node, host, o => o.Snapshotter = Snapshotter);

        var ahead = Stopwatch.GetTimestamp();
        if (name == LayersAhead)
        {
            await agent.Prefetcher.PrefetchLayersAsync(reference, cancellationToken).ConfigureAwait(false);
        }
        else if (name == UnpackedAhead)
        {
            await agent.Unpacker.UnpackAsync(reference, cancellationToken).ConfigureAwait(false);
        }

        var aheadSeconds = name == Cold ? 0 : Stopwatch.GetElapsedTime(ahead).TotalSeconds;
        var pull = Stopwatch.GetTimestamp();
        await client.PullImageAsync(reference, cancellationToken: cancellationToken).ConfigureAwait(false);
        var pullSeconds = Stopwatch.GetElapsedTime(pull).TotalSeconds;
        var committed = (await client.ListSnapshotsAsync(Snapshotter, cancellationToken).ConfigureAwait(false)).Count(s => s.Kind == SnapshotKind.Committed);
        if (committed != image.Layers.Count)
        {
            throw new InvalidOperationException($"{name}: the pull left {committed} committed snapshots for {image.Layers.Count} layers");
        }

        var ctr = new Ctr(node.SocketPath, node.Namespace, Snapshotter);
        const string Id = "ready";
        var start = Stopwatch.GetTimestamp();
        try
        {
            await ctr.RunAsync("run", "--detach", "--snapshotter", Snapshotter, reference, Id, "/" + PauseProgram.PathInImage).ConfigureAwait(false);
            while (await ctr.PidAsync(Id).ConfigureAwait(false) is null)
            {
                if (Stopwatch.GetElapsedTime(start) > StartCeiling)
                {
                    throw new TimeoutException($"{name}: the container did not run within {StartCeiling}");
                }

                await Task.Delay(10, cancellationToken).ConfigureAwait(false);
            }

            return new UnpackRun(aheadSeconds, pullSeconds, Stopwatch.GetElapsedTime(start).TotalSeconds);
        }
        finally
        {
            await ctr.RemoveAsync(Id).ConfigureAwait(false);
        }
    }

    private string Report(string machine, TestImage image, Dictionary<string, List<UnpackRun>> runs)
    {
        var table = new MarkdownTable("before the kubelet's pull", "ahead, median s", "CRI PullImage median s", "min s", "max s", "container start median s");
        foreach (var (name, measured) in runs)
        {
            var pulls = measured.Select(r => r.PullSeconds).ToList();
            table.Add(
                name,
                name == Cold ? "-" : $"{Statistics.Median(measured.Select(r => r.AheadSeconds)):F2}",
                $"{Statistics.Median(pulls):F3}",
                $"{pulls.Min():F3}",
                $"{pulls.Max():F3}",
                $"{Statistics.Median(measured.Select(r => r.StartSeconds)):F3}");
        }

        var text = new StringBuilder();
        text.AppendLine("## unpack");
        text.AppendLine();
        text.AppendLine($"Machine: {machine}.");
        text.AppendLine($"Image: {image.Layers.Count} layers, {string.Join(" + ", image.Layers.Select(l => $"{l.SizeBytes / 1e6:F1}"))} MB " +
            $"(the pause program, then {Layers} x {LayerMegabytes} MiB of random bytes), docker-registry on 127.0.0.1; a fresh overlayfs containerd for every run; " +
            $"{options.Runs} runs per case, order reversed every other run.");
        text.AppendLine();
        text.AppendLine(table.ToString());
        text.AppendLine("Raw CRI PullImage times (s), in run order:");
        text.AppendLine();
        foreach (var (name, measured) in runs)
        {
            text.AppendLine($"- {name}: {string.Join(", ", measured.Select(r => $"{r.PullSeconds:F3}"))}");
        }

        return text.ToString();
    }
}
