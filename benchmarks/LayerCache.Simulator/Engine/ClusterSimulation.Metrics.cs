namespace LayerCache.Simulator.Engine;

public sealed partial class ClusterSimulation
{
    private void Sample()
    {
        double used = 0;
        double capacity = 0;
        foreach (var node in _nodes)
        {
            used += node.Cache.UsedBytes;
            capacity += _settings.StorageBytes;
        }

        _slotSamples += (double)(_settings.Nodes * _settings.SlotsPerNode - _freeSlots) / (_settings.Nodes * _settings.SlotsPerNode);
        _freeSamples += Math.Max(0, 1 - (used / capacity));
        _samples++;
        if (_clock.Seconds + SampleIntervalSeconds < _settings.DurationSeconds)
        {
            Schedule(_clock.Seconds + SampleIntervalSeconds, EventKind.Sample, -1, -1);
        }
    }

    private SimulationResult Summarize(double wallSeconds)
    {
        var sorted = (double[])_latencies.Clone();
        Array.Sort(sorted);
        var n = sorted.Length;
        return new SimulationResult
        {
            Policy = _setup.Name,
            Requests = n,
            MeanSeconds = n == 0 ? 0 : sorted.Average(),
            P50Seconds = Percentile(sorted, 0.50),
            P95Seconds = Percentile(sorted, 0.95),
            P99Seconds = Percentile(sorted, 0.99),
            MeanQueueSeconds = n == 0 ? 0 : _queueSeconds / n,
            MeanWaitSeconds = n == 0 ? 0 : _waitSeconds / n,
            MeanTransferSeconds = n == 0 ? 0 : _transferSeconds / n,
            MeanUnpackSeconds = n == 0 ? 0 : _unpackSeconds / n,
            MeanStartSeconds = n == 0 ? 0 : _startSeconds / n,
            UnpackAheadBytes = _unpackAheadBytes,
            HitRatio = _requestedBytes == 0 ? 0 : (double)_hitBytes / _requestedBytes,
            OnDemandBytes = _onDemandBytes,
            PrefetchBytes = _prefetchBytes,
            RegistryBytes = _registryBytes,
            PeerBytes = _peerBytes,
            SlotUtilization = _samples == 0 ? 0 : _slotSamples / _samples,
            // Unlimited storage has no free fraction to speak of.
            FreeStorageFraction = _setup.UnlimitedStorage || _samples == 0 ? double.NaN : _freeSamples / _samples,
            Evictions = _evictions,
            EvictedBytes = _evictedBytes,
            WallSeconds = wallSeconds,
        };
    }

    /// <summary>The nearest-rank percentile of sorted values.</summary>
    internal static double Percentile(double[] sorted, double q)
    {
        if (sorted.Length == 0)
        {
            return 0;
        }

        var rank = (int)Math.Ceiling(q * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
