using LayerCache.Cluster;
using LayerCache.Coordinator.View;
using LayerCache.Core.Model;

namespace LayerCache.Coordinator.Operators;

/// <summary>
/// Reads what was ordered for operators: the newest orders of each node's stream joined with their outcomes from the
/// global outcome stream, and for a layer prefetch how much of it the view already shows on the node.
/// </summary>
public sealed class OrderReports(OrderQueue orders, ClusterState state)
{
    /// <summary>Outcomes read to find those of the orders shown: the newest this many of every node together.</summary>
    public const int OutcomesScanned = 10_000;

    private const int ParallelReads = 16;

    /// <param name="nodes">The nodes whose orders to read (each must be in the view).</param>
    /// <param name="ids">Only these orders, when given.</param>
    /// <param name="limit">At most this many orders, newest first.</param>
    public async Task<OrderList> ReadAsync(IReadOnlyList<string> nodes, IReadOnlySet<string>? ids, int limit, CancellationToken cancellationToken)
    {
        var perNode = new IReadOnlyList<NodeOrder>[nodes.Count];
        await Parallel.ForAsync(
            0,
            nodes.Count,
            new ParallelOptions { MaxDegreeOfParallelism = ParallelReads, CancellationToken = cancellationToken },
            async (i, token) => perNode[i] = await orders.ReadNewestAsync(nodes[i], ids is null ? limit : Math.Max(limit, 1000), token).ConfigureAwait(false))
            .ConfigureAwait(false);
        var outcomes = new Dictionary<string, OrderOutcome>(StringComparer.Ordinal);
        foreach (var outcome in await orders.ReadNewestOutcomesAsync(OutcomesScanned, cancellationToken).ConfigureAwait(false))
        {
            outcomes.TryAdd(outcome.OrderId, outcome);
        }

        var chosen = perNode.SelectMany(o => o)
            .Where(o => ids is null || ids.Contains(o.Id))
            .OrderByDescending(o => o.IssuedAt)
            .Take(limit)
            .ToList();
        var progress = await ProgressAsync(chosen.Where(o => o is PrefetchLayersOrder && !outcomes.ContainsKey(o.Id)), cancellationToken).ConfigureAwait(false);
        using var read = state.Read();
        var view = read.View;
        return new OrderList([.. chosen.Select(o => ToRecord(o, outcomes.GetValueOrDefault(o.Id), view, progress.GetValueOrDefault(o.Id)))]);
    }

    /// <summary>What the nodes reported fetched so far of these running orders.</summary>
    private async Task<Dictionary<string, long>> ProgressAsync(IEnumerable<NodeOrder> running, CancellationToken cancellationToken)
    {
        var progress = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var node in running.GroupBy(o => o.Node, StringComparer.Ordinal))
        {
            foreach (var (id, bytes) in await orders.ReadProgressAsync(node.Key, [.. node.Select(o => o.Id)], cancellationToken).ConfigureAwait(false))
            {
                progress[id] = bytes;
            }
        }

        return progress;
    }

    /// <summary>The order as operators see it, with its outcome when there is one (pending otherwise); call under a read of the view.</summary>
    /// <param name="reportedBytes">What the node reported fetched so far, while the order runs.</param>
    internal static OrderRecord ToRecord(NodeOrder order, OrderOutcome? outcome, ClusterView view, long reportedBytes = 0)
    {
        var status = outcome is null ? "pending" : outcome.Succeeded ? "succeeded" : "failed";
        return order switch
        {
            PrefetchLayersOrder p => new OrderRecord(
                p.Id, p.Node, p.Kind, p.IssuedAt, p.Reason, p.Image, [.. p.Layers.Select(l => l.Digest.Value)], Bytes(p.Layers), Math.Min(Math.Max(Present(view, p.Node, p.Layers), reportedBytes), Bytes(p.Layers)),
                [], [], status, outcome),
            PrefetchImageOrder p => new OrderRecord(p.Id, p.Node, p.Kind, p.IssuedAt, p.Reason, p.Image, [], 0, 0, [], [], status, outcome),
            UnpackImageOrder u => new OrderRecord(u.Id, u.Node, u.Kind, u.IssuedAt, u.Reason, u.Image, [], 0, 0, [], [], status, outcome),
            EvictOrder e => new OrderRecord(
                e.Id, e.Node, e.Kind, e.IssuedAt, e.Reason, null, [], 0, 0, e.EvictImages, [.. e.EvictBlobs.Select(b => b.Value)], status, outcome),
            _ => throw new InvalidOperationException($"order kind {order.Kind} is not shown"),
        };
    }

    private static long Bytes(IReadOnlyList<Layer> layers) => layers.DistinctBy(l => l.Digest).Sum(l => l.SizeBytes);

    private static long Present(ClusterView view, string node, IReadOnlyList<Layer> layers) =>
        view.TryGetNode(node, out var cache)
            ? layers.DistinctBy(l => l.Digest).Where(l => cache.StateOf(l.Digest) is LayerState.Present or LayerState.Unpacked).Sum(l => l.SizeBytes)
            : 0;
}
