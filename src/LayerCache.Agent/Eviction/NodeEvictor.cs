using LayerCache.Agent.Leases;
using LayerCache.Agent.Node;
using LayerCache.Agent.Unpack;
using LayerCache.Containerd;
using LayerCache.Core.Eviction;
using LayerCache.Core.Model;
using Microsoft.Extensions.Options;

namespace LayerCache.Agent.Eviction;

/// <summary>
/// Carries out Core's eviction decisions on containerd: above the high watermark, the configured policy picks
/// victims down to the low watermark; images go through CRI RemoveImage (so the kubelet's view stays true) and
/// then any name CRI did not know; prefetched blobs leave the agent's lease and containerd's garbage collection,
/// run at once, removes those nothing else holds. A blob is never deleted outright: a pull may have found it
/// present and made it part of an image since the plan was made. An image a container uses is never removed, nor
/// one pulled within <see cref="AgentOptions.ImageMinimumAge"/> (the kubelet's image minimum age: its container
/// may be about to be created), even when that became true after the plan was made. The budget covers the snapshots
/// the agent unpacked ahead as well as the blobs; those go first (least popular layer first, each chain from its top
/// down), because they cost only an unpack to make again while their blob stays.
/// </summary>
public sealed partial class NodeEvictor(
    ContainerdClient client,
    AgentLease lease,
    UnpackedChains chains,
    NodeState node,
    AgentMetrics metrics,
    IOptions<AgentOptions> options,
    TimeProvider time,
    ILogger<NodeEvictor> logger)
{
    /// <summary>
    /// When the last enforcement held back an image for its age, the time the first such image may go; null when
    /// nothing was held back for that reason.
    /// </summary>
    public DateTimeOffset? HeldBackUntil { get; private set; }

    /// <summary>How long until <see cref="HeldBackUntil"/>, never below zero; null when nothing was held back for its age.</summary>
    public TimeSpan? HeldBackFor() =>
        HeldBackUntil is { } until ? TimeSpan.FromTicks(Math.Max(0, (until - time.GetUtcNow()).Ticks)) : null;

    /// <summary>Evicts if the node is above its high watermark. Returns how many images, blobs and snapshots went.</summary>
    public async Task<int> EnforceAsync(CancellationToken cancellationToken)
    {
        if (!await AboveHighWatermarkAsync(cancellationToken).ConfigureAwait(false))
        {
            HeldBackUntil = null;
            return 0;
        }

        var snapshots = await EvictUnpackedAsync(cancellationToken).ConfigureAwait(false);
        if (!await AboveHighWatermarkAsync(cancellationToken).ConfigureAwait(false))
        {
            HeldBackUntil = null;
            return snapshots;
        }

        var (kept, youngUntil) = await KeptNamesAsync(cancellationToken).ConfigureAwait(false);
        HeldBackUntil = youngUntil;
        IReadOnlyList<PlannedVictim> victims;
        IReadOnlyDictionary<string, IReadOnlyList<string>> names;
        await node.Lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var cache = node.Cache;
            names = node.Names;

            // Images that must stay are planned as if in use, so the policy picks other victims in their place.
            var held = cache.Images
                .Where(i => !i.InUse && (names.GetValueOrDefault(i.Image.Reference) ?? [i.Image.Reference]).Any(kept.Contains))
                .Select(i => i.Image.Reference)
                .ToList();
            held.ForEach(cache.Pin);
            try
            {
                victims = CacheEvictor.Plan(cache, node.Policy, node.EvictionContext(), cache.LowWatermarkBytes);
            }
            finally
            {
                held.ForEach(cache.Unpin);
            }
        }
        finally
        {
            node.Lock.Release();
        }

        var removed = await RemoveAllAsync(
            victims, names, v => v.Candidate.IsImage ? "image" : "prefetched_blob", node.Policy.Name, cancellationToken).ConfigureAwait(false);
        return snapshots + removed.Count;
    }

    /// <summary>
    /// Lets go of snapshots unpacked ahead, down to the low watermark or until none is left; what a container or an image
    /// holds stays (garbage collection keeps it). Returns how many went.
    /// </summary>
    private async Task<int> EvictUnpackedAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<HeldChain> held;
        long excess;
        Func<HeldChain, double> order;
        await node.Lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            held = node.UnpackedAhead;
            excess = node.UsedBytes - node.Cache.LowWatermarkBytes;
            var scores = held.ToDictionary(c => c.Name, c => c.Layer is { } layer ? node.Popularity.LayerScore(layer) : 0, StringComparer.Ordinal);
            order = c => scores[c.Name];
        }
        finally
        {
            node.Lock.Release();
        }

        if (held.Count == 0 || excess <= 0)
        {
            return 0;
        }

        try
        {
            var gone = await chains.EvictAsync(held, excess, order, cancellationToken).ConfigureAwait(false);
            var removed = gone.Count;
            var freed = gone.Sum(c => c.Bytes);
            metrics.Evictions.Inc(removed, "unpacked_chain");
            metrics.EvictedBytes.Inc(freed);
            await node.Lock.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                // The next inventory read says exactly; until then the snapshots gone no longer count.
                var names = gone.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
                node.UnpackedAhead = [.. node.UnpackedAhead.Where(c => !names.Contains(c.Name))];
            }
            finally
            {
                node.Lock.Release();
            }

            LogUnpackedEvicted(logger, removed, freed);
            return removed;
        }
        catch (Grpc.Core.RpcException e)
        {
            metrics.ContainerdErrors.Inc(1, "evict");
            LogEvictionFailed(logger, "snapshots unpacked ahead", e.Status.Detail);
            return 0;
        }
    }

    private async Task<bool> AboveHighWatermarkAsync(CancellationToken cancellationToken)
    {
        await node.Lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return node.UsedBytes > node.Cache.HighWatermarkBytes;
        }
        finally
        {
            node.Lock.Release();
        }
    }

    /// <summary>
    /// The containerd names of images that must not be removed now: those a container uses, and those created or
    /// changed within the minimum age. Read from containerd, not from the cache, which may be a resync behind.
    /// </summary>
    /// <returns>The names, and when the first image kept for its age may go (null when none was).</returns>
    private async Task<(HashSet<string> Names, DateTimeOffset? YoungUntil)> KeptNamesAsync(CancellationToken cancellationToken)
    {
        var kept = (await client.ListContainersAsync(cancellationToken).ConfigureAwait(false)).Select(c => c.Image).ToHashSet(StringComparer.Ordinal);
        var minimumAge = options.Value.ImageMinimumAge;
        DateTimeOffset? youngUntil = null;
        if (minimumAge > TimeSpan.Zero)
        {
            var since = time.GetUtcNow() - minimumAge;
            foreach (var image in await client.ListImagesAsync(cancellationToken).ConfigureAwait(false))
            {
                var changed = image.UpdatedAt > image.CreatedAt ? image.UpdatedAt : image.CreatedAt;
                if (changed > since && kept.Add(image.Name))
                {
                    var until = changed + minimumAge;
                    youngUntil = youngUntil is { } earlier && earlier < until ? earlier : until;
                }
            }
        }

        return (kept, youngUntil);
    }

    /// <summary>
    /// Removes each victim that may go, reading what must stay again just before (a container may have started, or a
    /// pull finished, since the cache was last read); counts each removal under <paramref name="reason"/>. Returns
    /// the victims removed.
    /// </summary>
    private async Task<List<PlannedVictim>> RemoveAllAsync(
        IReadOnlyList<PlannedVictim> victims,
        IReadOnlyDictionary<string, IReadOnlyList<string>> names,
        Func<PlannedVictim, string> reason,
        string why,
        CancellationToken cancellationToken)
    {
        var (kept, _) = await KeptNamesAsync(cancellationToken).ConfigureAwait(false);
        var removed = new List<PlannedVictim>();
        var released = new List<PlannedVictim>();
        foreach (var victim in victims)
        {
            if (victim.Candidate.Image is { } image)
            {
                if (await RemoveImageAsync(image.Image, names, kept, cancellationToken).ConfigureAwait(false))
                {
                    removed.Add(victim);
                }
            }
            else if (await ReleaseBlobAsync(victim.Candidate.Layer!.Value.Digest, cancellationToken).ConfigureAwait(false))
            {
                released.Add(victim);
            }
        }

        removed.AddRange(await CollectAsync(released, cancellationToken).ConfigureAwait(false));
        foreach (var victim in removed)
        {
            metrics.Evictions.Inc(1, reason(victim));
            metrics.EvictedBytes.Inc(victim.FreedBytes);
            LogEvicted(logger, victim.Candidate.Name, victim.FreedBytes, why);
        }

        return removed;
    }

    private async Task<bool> RemoveImageAsync(
        ContainerImage image, IReadOnlyDictionary<string, IReadOnlyList<string>> names, HashSet<string> kept, CancellationToken cancellationToken)
    {
        var all = names.GetValueOrDefault(image.Reference) ?? [image.Reference];
        if (all.Any(kept.Contains))
        {
            return false;
        }

        try
        {
            await client.RemoveImageAsync(image.Reference, cancellationToken).ConfigureAwait(false);
            foreach (var name in all)
            {
                await client.DeleteImageAsync(name, cancellationToken: cancellationToken).ConfigureAwait(false);
            }

            return true;
        }
        catch (Grpc.Core.RpcException e)
        {
            metrics.ContainerdErrors.Inc(1, "evict");
            LogEvictionFailed(logger, image.Reference, e.Status.Detail);
            return false;
        }
    }

    /// <summary>Lets go of the agent's hold on a prefetched blob; garbage collection decides whether it goes.</summary>
    private async Task<bool> ReleaseBlobAsync(Digest digest, CancellationToken cancellationToken)
    {
        try
        {
            await lease.ReleaseAsync([digest], cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Grpc.Core.RpcException e)
        {
            metrics.ContainerdErrors.Inc(1, "evict");
            LogEvictionFailed(logger, digest.Value, e.Status.Detail);
            return false;
        }
    }

    /// <summary>
    /// Runs garbage collection once for the blobs released and returns those it removed. A blob still present is
    /// held by something else (an image a pull made of it, another lease) and was not evicted; the next resync
    /// counts it where it now belongs.
    /// </summary>
    private async Task<List<PlannedVictim>> CollectAsync(List<PlannedVictim> released, CancellationToken cancellationToken)
    {
        var gone = new List<PlannedVictim>();
        if (released.Count == 0)
        {
            return gone;
        }

        try
        {
            await client.CollectGarbageAsync(cancellationToken).ConfigureAwait(false);
            foreach (var victim in released)
            {
                var digest = victim.Candidate.Layer!.Value.Digest;
                if (await client.ContentInfoAsync(digest, cancellationToken).ConfigureAwait(false) is null)
                {
                    gone.Add(victim);
                }
                else
                {
                    LogBlobKept(logger, digest.Value);
                }
            }
        }
        catch (Grpc.Core.RpcException e)
        {
            metrics.ContainerdErrors.Inc(1, "evict");
            LogEvictionFailed(logger, "released blobs", e.Status.Detail);
        }

        return gone;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Evicted {Victim} ({Bytes} bytes) by {Policy}")]
    private static partial void LogEvicted(ILogger logger, string victim, long bytes, string policy);

    [LoggerMessage(Level = LogLevel.Information, Message = "Evicted {Snapshots} snapshots unpacked ahead ({Bytes} bytes)")]
    private static partial void LogUnpackedEvicted(ILogger logger, int snapshots, long bytes);

    [LoggerMessage(Level = LogLevel.Information, Message = "Released blob {Digest}, which something else on the node still holds: kept")]
    private static partial void LogBlobKept(ILogger logger, string digest);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not evict {Victim}: {Reason}")]
    private static partial void LogEvictionFailed(ILogger logger, string victim, string reason);
}
