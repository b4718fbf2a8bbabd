namespace LayerCache.EndToEnd.Scheduling;

/// <summary>
/// What kube-scheduler does for one pod: keep the nodes with a free slot (NodeResourcesFit's filter), take a lone
/// survivor without scoring (and so without calling the extender), else score the survivors and pick the best total,
/// a tie broken at random. A failed prioritize call scores every node 0, as kube-scheduler ignores it.
/// https://github.com/kubernetes/kubernetes/blob/master/pkg/scheduler/schedule_one.go
/// </summary>
internal sealed class SchedulingDriver
{
    private readonly PlacementMode _mode;
    private readonly Random _random;
    private readonly INodeImages? _images;
    private readonly ExtenderClient? _extender;
    private readonly int _extenderWeight;

    /// <param name="images">Required for <see cref="PlacementMode.ImageLocality"/>.</param>
    /// <param name="extender">Required for <see cref="PlacementMode.Extender"/>.</param>
    /// <param name="extenderWeight">The extender's weight in the scheduler configuration, at least 1.</param>
    public SchedulingDriver(PlacementMode mode, Random random, INodeImages? images = null, ExtenderClient? extender = null, int extenderWeight = 1)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentOutOfRangeException.ThrowIfLessThan(extenderWeight, 1);
        if (mode == PlacementMode.ImageLocality && images is null)
        {
            throw new ArgumentException("ImageLocality placement needs the nodes' images", nameof(images));
        }

        if (mode == PlacementMode.Extender && extender is null)
        {
            throw new ArgumentException("Extender placement needs an extender client", nameof(extender));
        }

        _mode = mode;
        _random = random;
        _images = images;
        _extender = extender;
        _extenderWeight = extenderWeight;
    }

    /// <param name="nodes">Every node of the site, full ones included, in a fixed order.</param>
    public async Task<Placement> PlaceAsync(PodManifest pod, IReadOnlyList<CandidateNode> nodes, CancellationToken cancellationToken)
    {
        var feasible = nodes.Where(n => n.HasFreeSlot).ToList();
        switch (feasible.Count)
        {
            case 0:
                return new Placement(null, []);
            case 1:
                return new Placement(feasible[0].Name, []);
        }

        IReadOnlyDictionary<string, long>? extenderScores = null;
        if (_mode == PlacementMode.Extender)
        {
            extenderScores = await _extender!.PrioritizeAsync(pod, [.. feasible.Select(n => n.Name)], cancellationToken).ConfigureAwait(false);
        }

        var totals = NodeRanking.Rank(_mode, pod, feasible, nodes, _images, extenderScores, _extenderWeight);
        var chosen = HostSelection.Select([.. totals.Select(t => t.Total)], _random);
        return new Placement(totals[chosen].Node, totals);
    }
}
