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

        var wanted = new List<(Layer Layer, double Density)>(top.Count);
        foreach (var node in cluster.Nodes)
        {
            wanted.Clear();
            foreach (var (layer, score) in top)
            {
                if (!node.Contains(layer.Digest)
                    && score / (holders[layer.Digest] + 1) >= _options.MinRequestsPerReplica
                    && alreadyOrdered?.Invoke(node, layer.Digest) != true)
                {
                    wanted.Add((layer, LayerValue.DensityIncoming(layer, score, holders[layer.Digest], context)));
                }
            }

            wanted.Sort((a, b) => b.Density.CompareTo(a.Density));
            PlanNode(node, wanted, policy, context, holders, orders);
        }

        return orders;
    }

    private void PlanNode(
        NodeCache node,
        List<(Layer Layer, double Density)> wanted,
        IEvictionPolicy policy,
        EvictionContext context,
        Dictionary<Digest, int> holders,
        List<PrefetchOrder> orders)
    {
        var room = Math.Max(node.LowWatermarkBytes - node.UsedBytes, 0);
        var budget = _options.MaxBytesPerNodePerRound;
        var count = 0;
        using var ranked = CacheEvictor.Rank(node, policy, context).GetEnumerator();
        var victims = new List<PlannedVictim>();
        var nextVictim = 0;
        var displacing = true;
        foreach (var (layer, density) in wanted)
        {
            if (count >= _options.MaxLayersPerNodePerRound)
            {
                break;
            }

            if (layer.SizeBytes > budget)
            {
                continue;
            }

            var firstVictim = nextVictim;
            var roomBefore = room;
            while (room < layer.SizeBytes && displacing)
            {
                if (nextVictim == victims.Count)
                {
                    if (!ranked.MoveNext())
                    {
                        break;
                    }

                    victims.Add(ranked.Current);
                }

                var victim = victims[nextVictim];
                if (LayerValue.DensityOnNode(victim.FreedLayers, node, context) >= density)
                {
                    // Later layers are worth less than this one, so this victim stays for them too.
                    displacing = false;
                    break;
                }

                nextVictim++;
                room += victim.FreedBytes;
            }

            if (room < layer.SizeBytes)
            {
                // Too big for what may go: give the victims back and try the smaller layers that follow.
                nextVictim = firstVictim;
                room = roomBefore;
                continue;
            }

            var displace = victims.GetRange(firstVictim, nextVictim - firstVictim);
            orders.Add(new PrefetchOrder(node.Name, layer, density, displace));
            room -= layer.SizeBytes;
            budget -= layer.SizeBytes;
            count++;
            holders[layer.Digest]++;
        }
    }
}
