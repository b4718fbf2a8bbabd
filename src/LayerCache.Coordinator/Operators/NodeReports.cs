using LayerCache.Coordinator.State;
using LayerCache.Coordinator.View;
using LayerCache.Core.Costs;
using LayerCache.Core.Eviction;
using LayerCache.Core.Popularity;
using Microsoft.Extensions.Options;

namespace LayerCache.Coordinator.Operators;

/// <summary>
/// Reads the view for operators: every node's state, and one node's holdings ranked by the eviction policy the node
/// reported, with Core's <see cref="CacheEvictor"/> and the policy classes the agent runs, so that what is shown is
/// what the agent would do with the same inputs. The agent weighs its own popularity counts; this weighs the cluster's.
/// </summary>
public sealed class NodeReports(ClusterState state, IOptions<StoreOptions> store, IOptions<CoordinatorOptions> coordinator, TimeProvider time)
{
    /// <summary>Candidates listed in <see cref="EvictionPreview.First"/>.</summary>
    public const int FirstVictims = 20;

    public NodeList Nodes()
    {
        var now = time.GetUtcNow();
        var stale = state.IsStale;
        return new NodeList(stale, state.StaleReason, state.LastSyncedAt, [.. state.Nodes().Select(n => Summary(n, now, stale))]);
    }

    /// <summary>The node's holdings and eviction order, or null when the view has no such node.</summary>
    /// <param name="popularity">The cluster's popularity for value-aware policies; null: the node's own use counts.</param>
    public NodeDetail? Node(string name, PopularityTracker? popularity)
    {
        if (!state.TryGetNode(name, out var status))
        {
            return null;
        }

        var summary = Summary(status, time.GetUtcNow(), state.IsStale);
        var policy = EvictionPolicies.TryCreate(status.EvictionPolicy) ?? new LruEvictionPolicy();
        using var read = state.Read();
        if (!read.View.TryGetNode(name, out var cache))
        {
            return null;
        }

        var o = coordinator.Value;
        var bandwidth = status.BandwidthBytesPerSecond;
        var link = double.IsFinite(bandwidth) && bandwidth > 0 ? bandwidth : o.DefaultBandwidthBytesPerSecond;
        var context = new EvictionContext(new BandwidthPullCostModel(link, o.UnpackBytesPerSecond, o.LayerRequestSeconds), popularity, read.View);
        HeldImage[] images = [.. cache.Images
            .Select(i => new HeldImage(
                i.Reference, i.Image.ManifestDigest?.Value, i.Image.SizeBytes, i.Image.DistinctLayers.Count, i.InUse, i.UseCount, i.LastUsed,
                policy.KeepValue(EvictionCandidate.ForImage(i, cache), cache, context)))
            .OrderByDescending(i => i.KeepValue).ThenBy(i => i.Reference, StringComparer.Ordinal)];
        HeldLayer[] layers = [.. cache.Layers
            .Select(l => new HeldLayer(
                l.Digest.Value, l.SizeBytes, l.State.ToString(), l.InUse, l.ImageRefCount, l.UseCount, l.LastUsed,
                policy.KeepValue(EvictionCandidate.ForLayer(l), cache, context)))
            .OrderByDescending(l => l.KeepValue).ThenBy(l => l.Digest, StringComparer.Ordinal)];
        var over = cache.UsedBytes > cache.HighWatermarkBytes;
        var now = over ? Victims(CacheEvictor.Plan(cache, policy, context, cache.LowWatermarkBytes)) : [];
        var first = Victims(CacheEvictor.Rank(cache, policy, context).Take(FirstVictims));
        var preview = new EvictionPreview(policy.Name, over, cache.UsedBytes, cache.HighWatermarkBytes, cache.LowWatermarkBytes, now, first);
        return new NodeDetail(summary, images, layers, preview);
    }

    private NodeSummary Summary(NodeStatus n, DateTimeOffset now, bool viewStale)
    {
        var age = n.HeartbeatAt is { } at ? Math.Max((now - at).TotalSeconds, 0) : (double?)null;
        var stale = viewStale || age is null || age > store.Value.NodeStaleAfter.TotalSeconds;
        return new NodeSummary(
            n.Node, !stale && n.InventoryCurrent, stale, n.CapacityBytes, n.UsedBytes, n.HighWatermark, n.LowWatermark, n.Layers, n.Images,
            n.BandwidthBytesPerSecond, n.HeartbeatAt, age, n.InventorySequence, n.ReportedSequence, n.EvictionPolicy);
    }

    private static List<EvictionVictim> Victims(IEnumerable<PlannedVictim> victims)
    {
        var list = new List<EvictionVictim>();
        long total = 0;
        foreach (var victim in victims)
        {
            total += victim.FreedBytes;
            var candidate = victim.Candidate;
            list.Add(new EvictionVictim(list.Count + 1, candidate.IsImage ? "image" : "layer", candidate.Name, victim.KeepValue, victim.FreedBytes, total));
        }

        return list;
    }
}
