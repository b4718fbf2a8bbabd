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
    /// <param name="progress">Told the bytes of the layers on the node so far each time one more is.</param>
    public async Task<PrefetchReport> PrefetchLayersAsync(
        ImageReference repository, IReadOnlyList<Layer> layers, CancellationToken cancellationToken, Func<long, CancellationToken, Task>? progress = null)
    {
        var started = Stopwatch.GetTimestamp();
        var distinct = layers.DistinctBy(l => l.Digest).ToList();
        long landed = 0;
        var fetched = await Task.WhenAll(distinct.Select(async layer =>
        {
            var done = await FetchLayerAsync(repository, layer, cancellationToken).ConfigureAwait(false);
            var sofar = Interlocked.Add(ref landed, layer.SizeBytes);
            if (progress is not null)
            {
                await progress(sofar, cancellationToken).ConfigureAwait(false);
            }

            return done;
        })).ConfigureAwait(false);
        return new PrefetchReport(repository.ToString(), repository.Digest, fetched, Stopwatch.GetElapsedTime(started));
    }
}
