namespace LayerCache.EndToEnd.Scheduling;

/// <summary>Where one pod goes, and why: the totals of every node that had a free slot, in the order given.</summary>
/// <param name="Node">The chosen node; null when no node has a free slot (the pod waits).</param>
/// <param name="Totals">Empty when fewer than two nodes had room: kube-scheduler scores nothing then.</param>
internal sealed record Placement(string? Node, IReadOnlyList<NodeTotal> Totals);
