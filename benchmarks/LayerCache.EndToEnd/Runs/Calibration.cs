using System.Diagnostics;
using LayerCache.Containerd;
using LayerCache.Core.Model;
using LayerCache.EndToEnd.Nodes;
using LayerCache.EndToEnd.Site;

namespace LayerCache.EndToEnd.Runs;

/// <summary>
/// Measures the rates the simulator needs on a fresh node of the site, with containerd's own client inside the node's
/// namespace: a small and a large image fetched as content only (transfer), then the large one pulled again with its
/// content present (unpack alone). Bandwidth is the slope between the two fetches; what the small fetch took beyond
/// its bytes is the per-layer request cost.
/// </summary>
internal static class Calibration
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(10);

    public static async Task<LinkCalibration> MeasureAsync(SiteNodeRuntime node, ContainerImage small, ContainerImage large, CancellationToken cancellationToken)
    {
        var smallFetch = await CtrAsync(node, cancellationToken, "content", "fetch", "--plain-http", small.Reference).ConfigureAwait(false);
        var largeFetch = await CtrAsync(node, cancellationToken, "content", "fetch", "--plain-http", large.Reference).ConfigureAwait(false);
        var unpack = await CtrAsync(node, cancellationToken, "images", "pull", "--plain-http", "--snapshotter", SiteNodeRuntime.Snapshotter, large.Reference).ConfigureAwait(false);

        var extraBytes = large.SizeBytes - small.SizeBytes;
        var extraSeconds = largeFetch - smallFetch;
        var bandwidth = extraBytes > 0 && extraSeconds > 0 ? extraBytes / extraSeconds : large.SizeBytes / largeFetch;
        var requestSeconds = Math.Max(0, smallFetch - (small.SizeBytes / bandwidth)) / Math.Max(1, small.DistinctLayers.Count);
        var unpackRate = large.SizeBytes / Math.Max(unpack, 1e-3);
        return new LinkCalibration(bandwidth, requestSeconds, unpackRate);
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
