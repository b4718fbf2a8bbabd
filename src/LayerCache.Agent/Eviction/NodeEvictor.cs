using LayerCache.Agent.Node;
using LayerCache.Containerd;
using LayerCache.Core.Eviction;
using Microsoft.Extensions.Options;

namespace LayerCache.Agent.Eviction;

/// <summary>
/// Carries out Core's eviction decisions on containerd: above the high watermark, the configured policy picks
/// victims down to the low watermark; images go through CRI RemoveImage (so the kubelet's view stays true) and
/// then any name CRI did not know, prefetched blobs leave the agent's lease and the content store. An image a
/// container uses is never removed, even one that started using it after the plan was made.
/// </summary>
public sealed partial class NodeEvictor(
    ContainerdClient client,
    NodeState node,
    AgentMetrics metrics,
    IOptions<AgentOptions> options,
    ILogger<NodeEvictor> logger)
{
    /// <summary>Evicts if the node is above its high watermark. Returns how many images and blobs went.</summary>
    public async Task<int> EnforceAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<PlannedVictim> victims;
        IReadOnlyDictionary<string, IReadOnlyList<string>> names;
        await node.Lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var cache = node.Cache;
            if (cache.UsedBytes <= cache.HighWatermarkBytes)
            {
                return 0;
            }

            victims = CacheEvictor.Plan(cache, node.Policy, node.EvictionContext(), cache.LowWatermarkBytes);
            names = node.Names;
        }
        finally
        {
            node.Lock.Release();
        }

        var removed = await RemoveAllAsync(
            victims, names, v => v.Candidate.IsImage ? "image" : "prefetched_blob", node.Policy.Name, cancellationToken).ConfigureAwait(false);
        return removed.Count;
    }

    /// <summary>
    /// Removes each victim that no container uses, reading the containers again just before (one may have started since
    /// the cache was last read); counts each removal under <paramref name="reason"/>. Returns the victims removed.
    /// </summary>
    private async Task<List<PlannedVictim>> RemoveAllAsync(
        IReadOnlyList<PlannedVictim> victims,
        IReadOnlyDictionary<string, IReadOnlyList<string>> names,
        Func<PlannedVictim, string> reason,
        string why,
        CancellationToken cancellationToken)
    {
        var inUse = (await client.ListContainersAsync(cancellationToken).ConfigureAwait(false)).Select(c => c.Image).ToHashSet(StringComparer.Ordinal);
        var removed = new List<PlannedVictim>();
        foreach (var victim in victims)
        {
            if (await RemoveAsync(victim, names, inUse, cancellationToken).ConfigureAwait(false))
            {
                removed.Add(victim);
                metrics.Evictions.Inc(1, reason(victim));
                metrics.EvictedBytes.Inc(victim.FreedBytes);
                LogEvicted(logger, victim.Candidate.Name, victim.FreedBytes, why);
            }
        }

        return removed;
    }

    private async Task<bool> RemoveAsync(
        PlannedVictim victim, IReadOnlyDictionary<string, IReadOnlyList<string>> names, HashSet<string> inUse, CancellationToken cancellationToken)
    {
        try
        {
            if (victim.Candidate.Image is { } image)
            {
                var all = names.GetValueOrDefault(image.Reference) ?? [image.Reference];
                if (all.Any(inUse.Contains))
                {
                    return false;
                }

                await client.RemoveImageAsync(image.Reference, cancellationToken).ConfigureAwait(false);
                foreach (var name in all)
                {
                    await client.DeleteImageAsync(name, cancellationToken: cancellationToken).ConfigureAwait(false);
                }

                return true;
            }

            // The blob first: were the lease let go first and the delete then failed, the blob would linger unaccounted.
            var digest = victim.Candidate.Layer!.Digest;
            await client.DeleteContentAsync(digest, cancellationToken).ConfigureAwait(false);
            await client.DeleteLeaseContentAsync(options.Value.LeaseId, digest, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Grpc.Core.RpcException e)
        {
            metrics.ContainerdErrors.Inc(1, "evict");
            LogEvictionFailed(logger, victim.Candidate.Name, e.Status.Detail);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Evicted {Victim} ({Bytes} bytes) by {Policy}")]
    private static partial void LogEvicted(ILogger logger, string victim, long bytes, string policy);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not evict {Victim}: {Reason}")]
    private static partial void LogEvictionFailed(ILogger logger, string victim, string reason);
}
