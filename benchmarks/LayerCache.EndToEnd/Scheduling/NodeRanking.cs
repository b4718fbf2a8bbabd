using LayerCache.Simulator.Engine;

namespace LayerCache.EndToEnd.Scheduling;

/// <summary>The score of every feasible node for one pod under one <see cref="PlacementMode"/>; no I/O.</summary>
internal static class NodeRanking
{
    /// <param name="feasible">The nodes with a free slot, in the site's order.</param>
    /// <param name="all">Every node of the site: ImageLocality's spread counts them all.</param>
    /// <param name="extenderScores">The extender's answer by node; a node it left out scores 0.</param>
    public static List<NodeTotal> Rank(
        PlacementMode mode,
        PodManifest pod,
        IReadOnlyList<CandidateNode> feasible,
        IReadOnlyList<CandidateNode> all,
        INodeImages? images,
        IReadOnlyDictionary<string, long>? extenderScores,
        int extenderWeight)
    {
        var podImages = pod.Images.ToList();
        Func<string, int>? holders = null;
        if (mode == PlacementMode.ImageLocality)
        {
            ArgumentNullException.ThrowIfNull(images);
            var reported = all.Select(n => images.ImagesOn(n.Name)).ToList();
            holders = name => reported.Count(r => r.ContainsKey(name));
        }

        var totals = new List<NodeTotal>(feasible.Count);
        foreach (var node in feasible)
        {
            var least = KubeSchedulerScores.LeastAllocated(node.BusySlots + 1, node.Slots); // the pod being placed counts
            var locality = holders is null ? 0 : ImageLocality.Score(podImages, images!.ImagesOn(node.Name), holders, all.Count);
            var extender = mode == PlacementMode.Extender && extenderScores is not null ? extenderScores.GetValueOrDefault(node.Name) : 0;
            totals.Add(new NodeTotal(node.Name, least, locality, extender, KubeSchedulerScores.Combine(least, locality, extender, extenderWeight)));
        }

        return totals;
    }
}
