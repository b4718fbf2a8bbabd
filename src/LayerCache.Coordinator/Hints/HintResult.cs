namespace LayerCache.Coordinator.Hints;

/// <summary>The answer to one hint: per image whether it is known, and per node (in the order asked) the numbers.</summary>
/// <param name="Stale">The view is not known to be current (its store is unreachable or has not synced yet).</param>
/// <param name="Resolved">Every image is known; when false every node has the neutral score 0.</param>
public sealed record HintResult(IReadOnlyList<ImageHint> Images, bool Stale, bool Resolved, NodeHint[] Nodes)
{
    /// <summary>The nodes best first: by score, then fewer estimated seconds, more present bytes, then name (stable).</summary>
    public NodeHint[] BestFirst()
    {
        var sorted = (NodeHint[])Nodes.Clone();
        Array.Sort(sorted, static (a, b) =>
        {
            var c = b.Score.CompareTo(a.Score);
            c = c != 0 ? c : a.EstimatedPullSeconds.CompareTo(b.EstimatedPullSeconds);
            c = c != 0 ? c : b.PresentBytes.CompareTo(a.PresentBytes);
            return c != 0 ? c : string.CompareOrdinal(a.Node, b.Node);
        });
        return sorted;
    }
}
