using System.Diagnostics;
using LayerCache.Core.Model;
using LayerCache.Registry;

// The coordinator's orders name layers one by one; the cluster link's OrderExecutor is the caller.
namespace LayerCache.Agent.Prefetch;

public sealed partial class LayerPrefetcher
{
    /// <summary>
    /// Fetches the given layers (not a whole image) from <paramref name="repository"/>, as the coordinator orders
    /// them one by one; a layer already in the content store is only added to the agent's lease.
    /// </summary>
    public async Task<PrefetchReport> PrefetchLayersAsync(ImageReference repository, IReadOnlyList<Layer> layers, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var distinct = layers.DistinctBy(l => l.Digest).ToList();
        var fetched = await Task.WhenAll(distinct.Select(layer => FetchLayerAsync(repository, layer, cancellationToken))).ConfigureAwait(false);
        return new PrefetchReport(repository.ToString(), repository.Digest, fetched, Stopwatch.GetElapsedTime(started));
    }
}
