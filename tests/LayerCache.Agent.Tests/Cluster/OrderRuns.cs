using LayerCache.Cluster;
using LayerCache.Core.Model;

namespace LayerCache.Agent.Tests.Cluster;

/// <summary>Orders as the coordinator appends them, run through a node's stream in Redis until their outcome is recorded.</summary>
internal static class OrderRuns
{
    public static readonly TimeSpan OrderTimeout = TimeSpan.FromSeconds(15);

    public static PrefetchLayersOrder LayersOrder(string id, string node, string image, IReadOnlyList<Layer> layers) =>
        new(id, node, image, layers, DateTimeOffset.UtcNow);

    public static PrefetchImageOrder ImageOrder(string id, string node, string image) => new(id, node, image, DateTimeOffset.UtcNow);

    public static EvictOrder EvictionOrder(string id, string node, params string[] images) => new(id, node, images, [], DateTimeOffset.UtcNow);

    /// <summary>Appends the order and waits until it is acknowledged and its outcome recorded.</summary>
    public static async Task<OrderOutcome> RunAsync(OrderQueue queue, NodeOrder order, TimeSpan? timeout = null)
    {
        await queue.AppendAsync(order, CancellationToken.None);
        var outcome = await Eventually.GetAsync(
            async () => (await OutcomesAsync(queue, order.Id)).SingleOrDefault(), timeout ?? OrderTimeout, $"order {order.Id} has no outcome");
        await Eventually.HoldsAsync(
            async () => await queue.PendingCountAsync(order.Node, CancellationToken.None) == 0, timeout ?? OrderTimeout, $"order {order.Id} was not acknowledged");
        return outcome;
    }

    public static async Task<List<OrderOutcome>> OutcomesAsync(OrderQueue queue, string orderId) =>
        [.. (await queue.ReadOutcomesAsync("0", 10_000, CancellationToken.None)).Outcomes.Where(o => o.OrderId == orderId)];
}
