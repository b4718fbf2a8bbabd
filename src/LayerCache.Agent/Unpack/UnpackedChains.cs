using System.Collections.Concurrent;
using Grpc.Core;
using LayerCache.Agent.Leases;
using LayerCache.Containerd;
using LayerCache.Core.Model;
using Microsoft.Extensions.Options;

namespace LayerCache.Agent.Unpack;

/// <summary>
/// The snapshots the agent unpacked ahead, as containerd holds them: read for the inventory and the cache budget, let go
/// of when an image comes to hold them (the kubelet pulled it), and evicted. Eviction only ever lets go of the agent's
/// hold, from the top of a chain down, and lets containerd's garbage collection remove what nothing else holds: a
/// snapshot under a container's (its parent chain) or an image's stays, so a chain in use is never touched, and the
/// bytes freed are counted only for snapshots that are then gone.
/// </summary>
public sealed partial class UnpackedChains(ContainerdClient client, AgentLease lease, IOptions<AgentOptions> options, ILogger<UnpackedChains> logger)
{
    private const string ImageSnapshotLabelPrefix = "containerd.io/gc.ref.snapshot.";

    private readonly string _snapshotter = options.Value.Snapshotter;

    // A committed snapshot never changes: its usage is measured once.
    private readonly ConcurrentDictionary<string, long> _usage = new(StringComparer.Ordinal);

    /// <summary>What the agent holds alone, and the chains it holds that an image now holds too (to let go of).</summary>
    /// <param name="leased">What the agent's leases hold.</param>
    /// <param name="content">Every blob in the content store, with its labels.</param>
    public async Task<(IReadOnlyList<HeldChain> Alone, IReadOnlyList<string> InImages)> ReadAsync(
        IReadOnlyList<LeaseResource> leased, IReadOnlyList<ContentInfo> content, CancellationToken cancellationToken)
    {
        var held = Held(leased);
        if (held.Count == 0)
        {
            return ([], []);
        }

        var snapshots = (await client.ListSnapshotsAsync(_snapshotter, cancellationToken).ConfigureAwait(false))
            .Where(s => s.Kind == SnapshotKind.Committed)
            .ToDictionary(s => s.Name, StringComparer.Ordinal);
        var inImages = ChainsOfImages(content, snapshots);
        var layers = new Dictionary<string, Digest>(StringComparer.Ordinal);
        foreach (var blob in content)
        {
            if (blob.Labels.TryGetValue(ImageUnpacker.UnpackedLabelPrefix + _snapshotter, out var chain))
            {
                layers[chain] = blob.Digest;
            }
        }

        var alone = new List<HeldChain>();
        foreach (var name in held.Where(snapshots.ContainsKey).Where(n => !inImages.Contains(n)))
        {
            var bytes = await UsageAsync(name, cancellationToken).ConfigureAwait(false);
            alone.Add(new HeldChain(name, snapshots[name].Parent, bytes, layers.TryGetValue(name, out var layer) ? layer : null));
        }

        return (alone, [.. held.Where(inImages.Contains)]);
    }

    /// <summary>The names of the committed snapshots (and keys of active ones) of the agent's snapshotter that the leases hold.</summary>
    public HashSet<string> Held(IReadOnlyList<LeaseResource> leased) =>
        leased.Where(r => r.Type == LeaseResource.SnapshotTypePrefix + _snapshotter).Select(r => r.Id).ToHashSet(StringComparer.Ordinal);

    /// <summary>Lets go of chains that images now hold, so that removing the image frees them.</summary>
    public Task<int> LetImagesHoldAsync(IReadOnlyList<string> names, CancellationToken cancellationToken) =>
        lease.ReleaseAsync(names.Select(n => LeaseResource.Snapshot(_snapshotter, n)).ToHashSet(), cancellationToken);

    /// <summary>
    /// Lets go of chains, least wanted first (<paramref name="order"/>), each only once nothing held above it, until
    /// <paramref name="bytesToFree"/> are planned; then collects garbage. Returns the chains that are gone.
    /// </summary>
    public async Task<IReadOnlyList<HeldChain>> EvictAsync(
        IReadOnlyList<HeldChain> chains, long bytesToFree, Func<HeldChain, double> order, CancellationToken cancellationToken)
    {
        var planned = Plan(chains, bytesToFree, order);
        if (planned.Count == 0)
        {
            return [];
        }

        await lease.ReleaseAsync(planned.Select(c => LeaseResource.Snapshot(_snapshotter, c.Name)).ToHashSet(), cancellationToken).ConfigureAwait(false);
        await client.CollectGarbageAsync(cancellationToken).ConfigureAwait(false);
        var gone = new List<HeldChain>();
        foreach (var chain in planned)
        {
            if (await client.StatSnapshotAsync(_snapshotter, chain.Name, cancellationToken).ConfigureAwait(false) is null)
            {
                gone.Add(chain);
                _usage.TryRemove(chain.Name, out _);
            }
            else
            {
                LogKept(logger, chain.Name);
            }
        }

        return gone;
    }

    /// <summary>The chains to let go of: only a top (no held chain above it), and a parent only once its tops are planned.</summary>
    internal static List<HeldChain> Plan(IReadOnlyList<HeldChain> chains, long bytesToFree, Func<HeldChain, double> order)
    {
        var children = chains.GroupBy(c => c.Parent, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var byName = chains.ToDictionary(c => c.Name, StringComparer.Ordinal);
        var tops = new PriorityQueue<HeldChain, double>(chains.Where(c => !children.ContainsKey(c.Name)).Select(c => (c, order(c))));
        var planned = new List<HeldChain>();
        long planning = 0;
        while (planning < bytesToFree && tops.TryDequeue(out var chain, out _))
        {
            planned.Add(chain);
            planning += chain.Bytes;
            if (byName.TryGetValue(chain.Parent, out var parent) && --children[parent.Name] == 0)
            {
                tops.Enqueue(parent, order(parent));
            }
        }

        return planned;
    }

    /// <summary>Every chain an image's config points at (the label containerd's pull sets), with all its parents.</summary>
    private HashSet<string> ChainsOfImages(IReadOnlyList<ContentInfo> content, IReadOnlyDictionary<string, SnapshotInfo> snapshots)
    {
        var chains = new HashSet<string>(StringComparer.Ordinal);
        foreach (var blob in content)
        {
            var name = blob.Labels.GetValueOrDefault(ImageSnapshotLabelPrefix + _snapshotter);
            while (name is { Length: > 0 } && chains.Add(name))
            {
                name = snapshots.TryGetValue(name, out var info) ? info.Parent : null;
            }
        }

        return chains;
    }

    private async Task<long> UsageAsync(string name, CancellationToken cancellationToken)
    {
        if (_usage.TryGetValue(name, out var bytes))
        {
            return bytes;
        }

        try
        {
            bytes = await client.SnapshotUsageAsync(_snapshotter, name, cancellationToken).ConfigureAwait(false) ?? 0;
        }
        catch (RpcException e)
        {
            LogUsageFailed(logger, name, e.Status.Detail);
            return 0;
        }

        _usage[name] = bytes;
        return bytes;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Snapshot {Name} stays after the agent let go of it: a container or an image holds it")]
    private static partial void LogKept(ILogger logger, string name);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cannot measure snapshot {Name} (counted as 0 bytes until the next read): {Reason}")]
    private static partial void LogUsageFailed(ILogger logger, string name, string reason);
}
