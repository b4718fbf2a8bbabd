using System.Diagnostics;
using LayerCache.Containerd;
using LayerCache.Core.Model;
using LayerCache.EndToEnd.Nodes;
using LayerCache.EndToEnd.Site;

namespace LayerCache.EndToEnd.Runs;

/// <summary>
/// Measures the rates the simulator needs on a fresh node of the site, with containerd's own client inside the node's
/// namespace: small images and a large one fetched as content only (transfer), then the large one pulled again with
/// its content present (unpack alone). Bandwidth is the slope between the first small fetch and the large one; what
/// each small fetch took beyond its new bytes, over its new layers, is a per-layer request cost, and the median of
/// those is the one reported, since a single small fetch is at the mercy of one slow request. No fetch crosses the
/// uplink faster than the rate it is shaped to, so a slope above that rate says the fetch it starts from was held up
/// (the first run of the client, a slow request): such a measurement is marked, and its request cost is worked out at
/// the shaped rate.
/// </summary>
internal static class Calibration
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(10);

    /// <summary>The shaper lets a burst through above its rate: a slope this much above it is still the link's.</summary>
    internal const double ShapedRateSlack = 1.05;

    /// <param name="small">The smallest images, smallest first; at least one.</param>
    /// <param name="shapedBytesPerSecond">The rate the uplink is shaped to.</param>
    /// <returns>The calibration, and whether its bandwidth was measured within the shaped rate (else it is that rate).</returns>
    public static async Task<(LinkCalibration Calibration, bool WithinShapedRate)> MeasureAsync(
        SiteNodeRuntime node, IReadOnlyList<ContainerImage> small, ContainerImage large, double shapedBytesPerSecond, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfZero(small.Count);

        // The client's first run loads it and connects; it is not a fetch, and must not be timed as one.
        await CtrAsync(node, cancellationToken, "version").ConfigureAwait(false);
        var present = new HashSet<Digest>();
        var smallFetches = new List<(double Seconds, long NewBytes, int NewLayers)>();
        foreach (var image in small)
        {
            var (newBytes, newLayers) = Arriving(image, present);
            var seconds = await CtrAsync(node, cancellationToken, "content", "fetch", "--plain-http", image.Reference).ConfigureAwait(false);
            smallFetches.Add((seconds, newBytes, newLayers));
        }

        var (largeBytes, _) = Arriving(large, present);
        var largeFetch = await CtrAsync(node, cancellationToken, "content", "fetch", "--plain-http", large.Reference).ConfigureAwait(false);
        var unpack = await CtrAsync(node, cancellationToken, "images", "pull", "--plain-http", "--snapshotter", SiteNodeRuntime.Snapshotter, large.Reference).ConfigureAwait(false);

        var first = smallFetches[0];
        var slope = Slope(first.NewBytes, first.Seconds, largeBytes, largeFetch);
        var withinShapedRate = WithinShapedRate(slope, shapedBytesPerSecond);
        var bandwidth = withinShapedRate ? slope : shapedBytesPerSecond;
        var requestSeconds = Median(smallFetches.Select(f => Math.Max(0, f.Seconds - (f.NewBytes / bandwidth)) / Math.Max(1, f.NewLayers)));
        var unpackRate = large.SizeBytes / Math.Max(unpack, 1e-3);
        return (new LinkCalibration(bandwidth, requestSeconds, unpackRate), withinShapedRate);
    }

    /// <summary>Whether a measured bandwidth could be the uplink's, shaped to <paramref name="shapedBytesPerSecond"/>.</summary>
    internal static bool WithinShapedRate(double measuredBytesPerSecond, double shapedBytesPerSecond) =>
        measuredBytesPerSecond <= shapedBytesPerSecond * ShapedRateSlack;

    /// <summary>Bytes a second between two fetches; the larger fetch alone when the two give no positive slope.</summary>
    internal static double Slope(long smallBytes, double smallSeconds, long largeBytes, double largeSeconds)
    {
        var extraBytes = largeBytes - smallBytes;
        var extraSeconds = largeSeconds - smallSeconds;
        if (extraBytes > 0 && extraSeconds > 0)
        {
            return extraBytes / extraSeconds;
        }

        var (bytes, seconds) = largeBytes >= smallBytes ? (largeBytes, largeSeconds) : (smallBytes, smallSeconds);
        return Math.Max(bytes, 1) / Math.Max(seconds, 1e-3);
    }

    internal static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        var middle = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /// <summary>The bytes and layers of <paramref name="image"/> not yet on the node, then counted as present.</summary>
    private static (long Bytes, int Layers) Arriving(ContainerImage image, HashSet<Digest> present)
    {
        var layers = image.DistinctLayers.Where(l => present.Add(l.Digest)).ToList();
        return (layers.Sum(l => l.SizeBytes), layers.Count);
    }

    private static async Task<double> CtrAsync(SiteNodeRuntime node, CancellationToken cancellationToken, params string[] arguments)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(Timeout);
        var watch = Stopwatch.StartNew();
        await HostCommand.RunAsync(
            HostCommand.Ip,
            ["netns", "exec", node.Node.Namespace, Kubelet.CtrPath, "--address", node.SocketPath, "--namespace", ContainerdClientOptions.KubernetesNamespace, .. arguments],
            limit.Token).ConfigureAwait(false);
        return watch.Elapsed.TotalSeconds;
    }
}
