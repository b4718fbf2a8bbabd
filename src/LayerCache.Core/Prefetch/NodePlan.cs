using LayerCache.Core.Eviction;
using LayerCache.Core.Model;

namespace LayerCache.Core.Prefetch;

/// <summary>
/// One node's part of a planning round: its room below the low watermark, what is left of its byte and layer
/// budgets, and the victims it has planned to displace so far, kept across the round's passes over the nodes.
/// </summary>
internal sealed class NodePlan : IDisposable
{
    private readonly NodeCache _node;
    private readonly EvictionContext _context;
    private readonly PrefetchPlannerOptions _options;
    private readonly IEnumerator<PlannedVictim> _ranked;
    private readonly List<PlannedVictim> _victims = [];
    private readonly HashSet<Digest> _ordered = [];
    private long _room;
    private long _budget;
    private int _count;
    private int _nextVictim;
    private bool _displacing = true;

    public NodePlan(NodeCache node, IEvictionPolicy policy, EvictionContext context, PrefetchPlannerOptions options)
    {
        _node = node;
        _context = context;
        _options = options;
        _ranked = CacheEvictor.Rank(node, policy, context).GetEnumerator();
        _room = Math.Max(node.LowWatermarkBytes - node.UsedBytes, 0);
        _budget = options.MaxBytesPerNodePerRound;
    }

    public bool Ordered(Digest layer) => _ordered.Contains(layer);

    /// <summary>
    /// Orders the most valuable of <paramref name="wanted"/> onto the node into its room and, past that, by displacing
    /// victims each worth less per byte than the layer.
    /// </summary>
    public void Take(List<(Layer Layer, double Density)> wanted, Dictionary<Digest, int> holders, List<PrefetchOrder> orders)
    {
        wanted.Sort((a, b) => b.Density.CompareTo(a.Density));
        foreach (var (layer, density) in wanted)
        {
            if (_count >= _options.MaxLayersPerNodePerRound)
            {
                break;
            }

            if (layer.SizeBytes > _budget)
            {
                continue;
            }

            var firstVictim = _nextVictim;
            var roomBefore = _room;
            while (_room < layer.SizeBytes && _displacing)
            {
                if (_nextVictim == _victims.Count)
                {
                    if (!_ranked.MoveNext())
                    {
                        break;
                    }

                    _victims.Add(_ranked.Current);
                }

                var victim = _victims[_nextVictim];
                if (LayerValue.DensityOnNode(victim.FreedLayers, _node, _context) >= density)
                {
                    // Later layers are worth less than this one, so this victim stays for them too.
                    _displacing = false;
                    break;
                }

                _nextVictim++;
                _room += victim.FreedBytes;
            }

            if (_room < layer.SizeBytes)
            {
                // Too big for what may go: give the victims back and try the smaller layers that follow.
                _nextVictim = firstVictim;
                _room = roomBefore;
                continue;
            }

            var displace = _victims.GetRange(firstVictim, _nextVictim - firstVictim);
            orders.Add(new PrefetchOrder(_node.Name, layer, density, displace));
            _ordered.Add(layer.Digest);
            _room -= layer.SizeBytes;
            _budget -= layer.SizeBytes;
            _count++;
            holders[layer.Digest]++;
        }
    }

    public void Dispose() => _ranked.Dispose();
}
