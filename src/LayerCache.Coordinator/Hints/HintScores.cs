using System.Buffers;

namespace LayerCache.Coordinator.Hints;

/// <summary>
/// The answer to one hint while its caller holds it: per image whether it is known, and per node (in the order asked)
/// the numbers. The nodes live in an array rented from <see cref="ArrayPool{T}.Shared"/>, so a call allocates nothing
/// that grows with the node count; whoever called <see cref="HintService.Score"/> owns this and disposes it once the
/// answer is written. <see cref="Nodes"/> throws after that, so nothing reads a buffer already handed back.
/// </summary>
public sealed class HintScores : IDisposable
{
    private NodeHint[]? _nodes;

    internal HintScores(IReadOnlyList<ImageHint> images, bool stale, bool resolved, NodeHint[] nodes, int count)
    {
        Images = images;
        Stale = stale;
        Resolved = resolved;
        _nodes = nodes;
        Count = count;
    }

    public IReadOnlyList<ImageHint> Images { get; }

    /// <summary>The view is not known to be current (its store is unreachable or has not synced yet).</summary>
    public bool Stale { get; }

    /// <summary>Every image is known; when false every node has the neutral score 0.</summary>
    public bool Resolved { get; }

    public int Count { get; }

    /// <summary>One entry per node asked, in the order asked until <see cref="SortBestFirst"/>; valid until disposed.</summary>
    public ReadOnlySpan<NodeHint> Nodes => new(_nodes ?? throw new ObjectDisposedException(nameof(HintScores)), 0, Count);

    /// <summary>Orders <see cref="Nodes"/> in place by score, then fewer estimated seconds, more present bytes, then name.</summary>
    public void SortBestFirst()
    {
        var nodes = _nodes ?? throw new ObjectDisposedException(nameof(HintScores));
        nodes.AsSpan(0, Count).Sort(static (a, b) =>
        {
            var c = b.Score.CompareTo(a.Score);
            c = c != 0 ? c : a.EstimatedPullSeconds.CompareTo(b.EstimatedPullSeconds);
            c = c != 0 ? c : b.PresentBytes.CompareTo(a.PresentBytes);
            return c != 0 ? c : string.CompareOrdinal(a.Node, b.Node);
        });
    }

    /// <summary>A copy that outlives this: the nodes in their current order in an array of their own.</summary>
    public HintResult ToResult() => new(Images, Stale, Resolved, Nodes.ToArray());

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _nodes, null) is { } nodes)
        {
            Return(nodes, Count);
        }
    }

    /// <summary>Hands a rented array back, cleared first so that the pool does not keep the node names alive.</summary>
    internal static void Return(NodeHint[] nodes, int used)
    {
        if (nodes.Length > 0)
        {
            Array.Clear(nodes, 0, used);
            ArrayPool<NodeHint>.Shared.Return(nodes);
        }
    }
}
