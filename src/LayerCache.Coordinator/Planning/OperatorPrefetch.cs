using LayerCache.Cluster;
using LayerCache.Coordinator.Hints;
using LayerCache.Coordinator.Operators;
using LayerCache.Coordinator.State;
using LayerCache.Coordinator.View;
using LayerCache.Core.Model;

namespace LayerCache.Coordinator.Planning;

/// <summary>
/// Issues the prefetch orders an operator asks for, as the planner issues its own: a <see cref="PrefetchLayersOrder"/>
/// of the layers the node lacks, through the same <see cref="OrderQueue"/> (signed with the planner's keys). The
/// planner gives a node with an order pending no new one, and on this replica it also tracks the layers as ordered.
/// </summary>
public sealed class OperatorPrefetch(OrderQueue orders, ClusterState state, IImageLookup lookup, StoreMetrics metrics, TimeProvider time, PlannerLoop? planner = null)
{
    /// <summary>How long an image the catalog does not hold may take to resolve from its registry.</summary>
    public static readonly TimeSpan ResolveWait = TimeSpan.FromSeconds(20);

    /// <summary>Resolves each image (waiting for its registry if need be); the references that stay unknown.</summary>
    public async Task<IReadOnlyList<string>> ResolveAsync(IReadOnlyList<string> images, CancellationToken cancellationToken)
    {
        var lookups = images.Where(i => !state.TryGetImage(i, out _)).Select(i => lookup.LookUpAsync(ImageKey.Normalize(i))).ToList();
        try
        {
            await Task.WhenAll(lookups).WaitAsync(ResolveWait, time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Reported below as the images still unknown.
        }

        return [.. images.Where(i => !state.TryGetImage(i, out _))];
    }

    /// <summary>One order per node and image with the layers the node lacks; images must be resolved first.</summary>
    public async Task<PrefetchResult> IssueAsync(IReadOnlyList<string> images, IReadOnlyList<string> nodes, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var issued = new List<PrefetchLayersOrder>();
        var skipped = new List<PrefetchSkip>();
        using (var read = state.Read())
        {
            foreach (var reference in images)
            {
                state.TryGetImage(reference, out var image);
                foreach (var node in nodes)
                {
                    if (!read.View.TryGetNode(node, out var cache))
                    {
                        skipped.Add(new PrefetchSkip(node, image.Reference, "the node left the view"));
                        continue;
                    }

                    List<Layer> missing = [.. image.DistinctLayers.Where(l => cache.StateOf(l.Digest) is LayerState.Absent or LayerState.Fetching)];
                    if (missing.Count == 0)
                    {
                        skipped.Add(new PrefetchSkip(node, image.Reference, "the node holds every layer"));
                        continue;
                    }

                    issued.Add(new PrefetchLayersOrder(Guid.NewGuid().ToString("N"), node, image.Reference, missing, now)
                    {
                        Reason = $"an operator asked for {image.Reference} on {node}",
                    });
                }
            }
        }

        foreach (var order in issued)
        {
            await orders.AppendAsync(order, cancellationToken).ConfigureAwait(false);
            metrics.OrdersIssued.Inc(1, OrderKindLabels.Of(order.Kind));
            planner?.Track(order);
        }

        List<OrderRecord> records;
        using (var read = state.Read())
        {
            var view = read.View;
            records = [.. issued.Select(o => OrderReports.ToRecord(o, null, view))];
        }

        return new PrefetchResult(records, skipped);
    }
}
