using System.Diagnostics;
using LayerCache.Containerd;
using LayerCache.Testing.Containerd;

namespace LayerCache.AgentBenchmarks.Node;

/// <summary>
/// Fills a containerd with many small images without a registry: <see cref="SyntheticImageWriter"/> writes each
/// image's random layers, config and manifest with containerd's GC labels, then the image record. Every layer is
/// distinct, so images x layers-per-image is the number of layers the agent tracks.
/// </summary>
public static class ImageCorpus
{
    /// <summary>A few kB, like the small layers of a busy node's many images; the agent reads metadata, not bytes.</summary>
    public const int LayerBytes = 4 * 1024;

    private const int Writers = 4;

    public static async Task<TimeSpan> WriteAsync(ContainerdClient client, int images, int layersPerImage, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        await Parallel.ForEachAsync(
            Enumerable.Range(0, images),
            new ParallelOptions { MaxDegreeOfParallelism = Writers, CancellationToken = cancellationToken },
            async (i, token) => await SyntheticImageWriter.WriteAsync(
                client, $"bench.local/app-{i:D4}:v1", layersPerImage, LayerBytes, withIndex: false, cancellationToken: token).ConfigureAwait(false)).ConfigureAwait(false);
        return Stopwatch.GetElapsedTime(started);
    }

    /// <summary>A fresh containerd holding the benchmark's images; the caller disposes it.</summary>
    public static async Task<ContainerdFixture> StartNodeAsync(BenchmarkOptions options, ProgressLog log, CancellationToken cancellationToken)
    {
        var node = new ContainerdFixture();
        try
        {
            await node.StartAsync(cancellationToken).ConfigureAwait(false);
            using var client = node.CreateClient();
            var written = await WriteAsync(client, options.Images, options.LayersPerImage, cancellationToken).ConfigureAwait(false);
            log.Write($"wrote {options.Images} images x {options.LayersPerImage} layers in {written.TotalSeconds:F1} s");
            return node;
        }
        catch
        {
            node.Dispose();
            throw;
        }
    }
}
