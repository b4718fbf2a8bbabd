using System.Diagnostics;
using System.IO.Pipelines;
using LayerCache.AgentBenchmarks.Node;
using LayerCache.Registry;
using LayerCache.Testing.Containerd;
using LayerCache.Testing.Registry;

namespace LayerCache.AgentBenchmarks.Prefetch;

/// <summary>
/// Takes the layer prefetch apart to find what limits it: the registry download alone (into Stream.Null), and the
/// containerd write alone (<c>ContainerdClient.WriteContentAsync</c>), fed from memory through a Pipe in 128 KiB
/// writes as the agent's download feeds it, three layers at a time and six (the agent's default PrefetchConcurrency).
/// </summary>
public static class PrefetchPathProbe
{
    public const string DownloadOnly = "registry download only (`FetchBlobAsync` into Stream.Null)";
    public const string Write = "containerd write only (`WriteContentAsync` from a Pipe)";
    public const string WriteWide = "containerd write only, 6 layers at once";

    private const int DownloadConcurrency = 3;
    private const int DownloadBufferBytes = 128 * 1024;

    public static async Task<ProbeResult> DownloadAsync(string host, string reference, TestImage image, CancellationToken cancellationToken)
    {
        var cpu = OwnCpuSeconds();
        var registryOptions = new RegistryOptions();
        registryOptions.InsecureHosts.Add(host);
        using var registry = new RegistryClient(registryOptions);
        var repository = ImageReference.Parse(reference);
        var started = Stopwatch.GetTimestamp();
        await Parallel.ForEachAsync(
            image.Layers,
            new ParallelOptions { MaxDegreeOfParallelism = DownloadConcurrency, CancellationToken = cancellationToken },
            async (layer, token) => await registry.FetchBlobAsync(repository, layer, Stream.Null, 0, token).ConfigureAwait(false)).ConfigureAwait(false);
        return new ProbeResult(Stopwatch.GetElapsedTime(started).TotalSeconds, OwnCpuSeconds() - cpu, double.NaN);
    }

    public static async Task<ProbeResult> WriteAsync(TestImage image, int concurrency, CancellationToken cancellationToken)
    {
        using var node = new ContainerdFixture();
        await node.StartAsync(cancellationToken).ConfigureAwait(false);
        using var client = node.CreateClient();
        var containerd = ContainerdPid(node);
        var cpu = OwnCpuSeconds();
        var containerdCpu = ProcessSample.Read(containerd).CpuTime.TotalSeconds;
        var started = Stopwatch.GetTimestamp();
        await Parallel.ForEachAsync(
            image.TestLayers,
            new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken },
            async (layer, token) =>
            {
                var pipe = new Pipe();
                var feed = FeedAsync(pipe.Writer, layer.Bytes, token);
                await using var source = pipe.Reader.AsStream();
                await client.WriteContentAsync($"layer-{layer.Digest}", layer.Digest, layer.SizeBytes, source, cancellationToken: token).ConfigureAwait(false);
                await feed.ConfigureAwait(false);
            }).ConfigureAwait(false);
        var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
        return new ProbeResult(elapsed, OwnCpuSeconds() - cpu, ProcessSample.Read(containerd).CpuTime.TotalSeconds - containerdCpu);
    }

    private static double OwnCpuSeconds()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime.TotalSeconds;
    }

    /// <summary>The fixture's containerd: the process whose command line names its config file.</summary>
    private static int ContainerdPid(ContainerdFixture node)
    {
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), out var pid)
                && File.Exists(Path.Combine(directory, "cmdline"))
                && File.ReadAllText(Path.Combine(directory, "cmdline")).Contains("containerd\0--config\0" + node.ConfigPath, StringComparison.Ordinal))
            {
                return pid;
            }
        }

        throw new InvalidOperationException($"No containerd process runs with {node.ConfigPath}.");
    }

    private static async Task FeedAsync(PipeWriter writer, byte[] bytes, CancellationToken cancellationToken)
    {
        await Task.Yield();
        await using var sink = writer.AsStream(leaveOpen: true);
        for (var offset = 0; offset < bytes.Length; offset += DownloadBufferBytes)
        {
            await sink.WriteAsync(bytes.AsMemory(offset, Math.Min(DownloadBufferBytes, bytes.Length - offset)), cancellationToken).ConfigureAwait(false);
        }

        await writer.CompleteAsync().ConfigureAwait(false);
    }
}
