namespace LayerCache.Simulator.Engine;

/// <summary>
/// One link to the registry shared by every node of a site, as at the edge. TCP shares a congested link about equally
/// among its flows, so the link is weighted processor sharing: while flows are active, each gets the bandwidth times
/// its weight over the total weight. (Taking downloads first come, first served, where a small pull waits behind every
/// large one, predicted 1.8x the measured mean start-up of agnostic placement under load; docs/e2e.md.) When a flow
/// ends depends on the flows that start after it, so the link only says when the next one ends
/// (<see cref="NextCompletion"/>) and which have ended by a given time (<see cref="Complete"/>).
/// </summary>
internal sealed class FairShareUplink
{
    // Virtual time: the bytes a flow of weight 1 has been served since the link was made. A flow of weight w that starts
    // at virtual time v with b bytes ends when virtual time reaches v + b / w, whatever starts or ends meanwhile.
    private readonly PriorityQueue<long, double> _byFinish = new();
    private readonly Dictionary<long, (double Finish, double Weight)> _flows = [];
    private readonly double _bandwidthBytesPerSecond;
    private double _virtual;
    private double _at;
    private double _totalWeight;
    private long _nextId;

    public FairShareUplink(double bandwidthBytesPerSecond)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bandwidthBytesPerSecond);
        _bandwidthBytesPerSecond = bandwidthBytesPerSecond;
    }

    public int ActiveFlows => _flows.Count;

    /// <summary>Starts a download of <paramref name="bytes"/> at <paramref name="now"/>; returns its id.</summary>
    /// <param name="weight">Its share against a flow of weight 1 (a pull fetching three layers at once is three flows).</param>
    public long Start(double now, long bytes, double weight = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(weight);
        Advance(now);
        var id = _nextId++;
        var finish = _virtual + (bytes / weight);
        _flows[id] = (finish, weight);
        _byFinish.Enqueue(id, finish);
        _totalWeight += weight;
        return id;
    }

    /// <summary>When the next flow ends if none starts before; null when the link is idle.</summary>
    public double? NextCompletion()
    {
        if (!_byFinish.TryPeek(out _, out var finish))
        {
            return null;
        }

        return _at + (Math.Max(0, finish - _virtual) * _totalWeight / _bandwidthBytesPerSecond);
    }

    /// <summary>Advances the link to <paramref name="now"/> and returns the flows that have ended, first ended first.</summary>
    public List<long> Complete(double now)
    {
        Advance(now);
        var done = new List<long>();
        var tolerance = 1e-9 * Math.Max(1, Math.Abs(_virtual));
        while (_byFinish.TryPeek(out var id, out var finish) && finish <= _virtual + tolerance)
        {
            _byFinish.Dequeue();
            _totalWeight -= _flows[id].Weight;
            _flows.Remove(id);
            done.Add(id);
        }

        if (_flows.Count == 0)
        {
            _totalWeight = 0; // no drift from adding and taking away weights
        }

        return done;
    }

    /// <summary>How long flow <paramref name="id"/> would take to end at today's share; 0 when it has ended.</summary>
    public double RemainingSeconds(long id, double now)
    {
        if (!_flows.TryGetValue(id, out var flow))
        {
            return 0;
        }

        var virtualNow = _totalWeight > 0 ? _virtual + ((now - _at) * _bandwidthBytesPerSecond / _totalWeight) : _virtual;
        return Math.Max(0, flow.Finish - virtualNow) * _totalWeight / _bandwidthBytesPerSecond;
    }

    private void Advance(double now)
    {
        if (now < _at)
        {
            throw new ArgumentOutOfRangeException(nameof(now), now, $"the link is at {_at} s; time does not go back");
        }

        if (_totalWeight > 0)
        {
            _virtual += (now - _at) * _bandwidthBytesPerSecond / _totalWeight;
        }

        _at = now;
    }
}
