using LayerCache.Core.Eviction;
using LayerCache.Core.Model;
using LayerCache.Core.Popularity;

namespace LayerCache.Core.Prefetch;

/// <summary>
/// Decides which popular layers each node should fetch before any pod asks for them. A layer is worth its
/// <see cref="LayerValue"/> per byte; a node takes the most valuable layers it lacks into its free room below the
/// low watermark and, past that, only by displacing victims (in the node's own eviction order) each worth less
/// per byte than the layer. So prefetch never pushes out something more valuable than what it brings.
/// </summary>
public sealed class PrefetchPlanner
{
    private readonly PrefetchPlannerOptions _options;

    public PrefetchPlanner(PrefetchPlannerOptions options)
    {
        _options = options.Validate();
    }

    /// <param name="cluster">The nodes and who holds what.</param>
    /// <param name="popularity">Cluster-wide decayed request counts.</param>
    /// <param name="policy">Each node's eviction policy, which ranks what it could displace.</param>
    /// <param name="context">Costs and popularity for valuing layers.</param>
    /// <param name="alreadyOrdered">Layers a node was already ordered to fetch and has not got yet.</param>
    public IReadOnlyList<PrefetchOrder> Plan(
        ClusterView cluster,
        PopularityTracker popularity,
        IEvictionPolicy policy,
        EvictionContext context,
        Func<NodeCache, Digest, bool>? alreadyOrdered = null)
    {
        var top = popularity.TopLayers(_options.CandidateLayers)
            .Where(x => x.Score >= _options.MinLayerRequests)
            .ToList();
        var orders = new List<PrefetchOrder>();
        if (top.Count == 0)
        {
            return orders;
        }

        // Holders grow as this round hands a layer out, so the next node values it less.
        var holders = new Dictionary<Digest, int>();
        foreach (var (layer, _) in top)
        {
            holders[layer.Digest] = cluster.HolderCount(layer.Digest);
        }

        // With peer fetch, each site first gets one copy of what it lacks; then, as without, more copies where wanted.
        var sites = _options.SeedEachSiteFirst ? new SiteHoldings(cluster, top) : null;
        var plans = new Dictionary<NodeCache, NodePlan>();
        var wanted = new List<(Layer Layer, double Density)>(top.Count);
        try
        {
            if (sites is not null)
            {
                foreach (var node in cluster.Nodes)
                {
                    wanted.Clear();
                    foreach (var (layer, score) in top)
                    {
                        var siteScore = score * sites.Share(node.SiteId);
                        if (!sites.Holds(node.SiteId, layer.Digest) && siteScore >= _options.MinRequestsPerReplica && Lacks(node, layer))
                        {
                            wanted.Add((layer, LayerValue.DensityIncoming(layer, siteScore, 0, context)));
                        }
                    }

                    var first = orders.Count;
                    PlanOf(node).Take(wanted, holders, orders);
                    for (var i = first; i < orders.Count; i++)
                    {
                        sites.Add(node.SiteId, orders[i].Layer.Digest);
                    }
                }
            }

            foreach (var node in cluster.Nodes)
            {
                wanted.Clear();
                foreach (var (layer, score) in top)
                {
                    if (Lacks(node, layer) && score / (holders[layer.Digest] + 1) >= _options.MinRequestsPerReplica)
                    {
                        wanted.Add((layer, LayerValue.DensityIncoming(layer, score, holders[layer.Digest], context)));
                    }
                }

                PlanOf(node).Take(wanted, holders, orders);
            }
        }
        finally
        {
            foreach (var plan in plans.Values)
            {
                plan.Dispose();
            }
        }

        return orders;

        bool Lacks(NodeCache node, Layer layer) =>
            !node.Contains(layer.Digest)
            && alreadyOrdered?.Invoke(node, layer.Digest) != true
            && (plans.GetValueOrDefault(node)?.Ordered(layer.Digest) != true);

        NodePlan PlanOf(NodeCache node)
        {
            if (!plans.TryGetValue(node, out var plan))
            {
                plans[node] = plan = new NodePlan(node, policy, context, _options);
            }

            return plan;
        }
    }
}
