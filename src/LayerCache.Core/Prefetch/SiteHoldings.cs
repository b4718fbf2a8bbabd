using LayerCache.Core.Model;

namespace LayerCache.Core.Prefetch;

/// <summary>
/// For one planning round: which sites hold (or are fetching, or were ordered this round) each candidate layer, and
/// each site's share of the cluster's nodes.
/// </summary>
internal sealed class SiteHoldings
{
    private readonly HashSet<(int Site, Digest Layer)> _held = [];
    private readonly int[] _nodesPerSite;
    private readonly int _nodes;

    public SiteHoldings(ClusterView cluster, IReadOnlyList<(Layer Layer, double Score)> candidates)
    {
        _nodesPerSite = new int[cluster.SiteCount];
        foreach (var node in cluster.Nodes)
        {
            _nodesPerSite[node.SiteId]++;
        }

        _nodes = cluster.Nodes.Count;
        foreach (var (layer, _) in candidates)
        {
            foreach (var holder in cluster.HoldersOf(layer.Digest))
            {
                _held.Add((holder.SiteId, layer.Digest));
            }
        }
    }

    public bool Holds(int site, Digest layer) => _held.Contains((site, layer));

    public void Add(int site, Digest layer) => _held.Add((site, layer));

    /// <summary>The fraction of the cluster's nodes that are in <paramref name="site"/>.</summary>
    public double Share(int site) => (double)_nodesPerSite[site] / Math.Max(_nodes, 1);
}
