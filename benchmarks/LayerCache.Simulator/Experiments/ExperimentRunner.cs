using LayerCache.Core.Costs;
using LayerCache.Core.Model;
using LayerCache.Simulator.Corpus;
using LayerCache.Simulator.Engine;
using LayerCache.Simulator.Reporting;

namespace LayerCache.Simulator.Experiments;

/// <summary>Runs a set of policies over one trace, several at once, and returns their results in the set's order.</summary>
public sealed class ExperimentRunner
{
    private readonly IReadOnlyList<ContainerImage> _ranked;
    private readonly int _parallelism;
    private readonly Action<string>? _progress;
    private readonly PullCostModel _cost;
    private readonly TimeSpan? _progressInterval;

    /// <param name="cost">What pulls cost: the paper's per-layer time unless given (a site model for peer fetch).</param>
    /// <param name="progressInterval">How often each simulation reports its share of requests placed (5 s when null).</param>
    public ExperimentRunner(
        IReadOnlyList<CorpusImage> corpus, int parallelism, Action<string>? progress, PullCostModel? cost = null, TimeSpan? progressInterval = null)
    {
        _cost = cost ?? PaperPullCostModel.Instance;
        _progressInterval = progressInterval;
        // Rank 0 is the most pulled image; ties keep corpus order.
        _ranked = corpus.Select((c, i) => (c, i)).OrderByDescending(x => x.c.Pulls).ThenBy(x => x.i).Select(x => x.c.Image).ToList();
        _parallelism = parallelism;
        _progress = progress;
    }

    public IReadOnlyList<SimulationResult> Run(ClusterSettings settings, IReadOnlyList<PolicySetup> setups)
    {
        var largest = _ranked.MaxBy(i => i.SizeBytes)!;
        if (largest.SizeBytes > settings.StorageBytes)
        {
            throw new ArgumentException(
                $"image '{largest.Reference}' ({largest.SizeBytes} bytes) is larger than a node's storage ({settings.StorageBytes} bytes)");
        }

        var trace = RequestTrace.Generate(_ranked.Count, settings);
        var results = new SimulationResult[setups.Count];
        Parallel.For(
            0,
            setups.Count,
            new ParallelOptions { MaxDegreeOfParallelism = _parallelism },
            i => results[i] = new ClusterSimulation(_ranked, trace, settings, setups[i], _cost, progress: _progress, progressInterval: _progressInterval).Run());
        return results;
    }

    /// <summary>
    /// What one cache of every node's storage below its low watermark, placed perfectly, pulls for the trace the
    /// policies get under these settings (see <see cref="PooledCacheBound"/>).
    /// </summary>
    public IReadOnlyList<PooledBoundResult> PooledBounds(ClusterSettings settings)
    {
        var capacity = (long)(settings.Nodes * (double)settings.StorageBytes * settings.LowWatermarkPercent / 100);
        return PooledCacheBound.Compute(_ranked, RequestTrace.Generate(_ranked.Count, settings), capacity, _cost);
    }

    public IReadOnlyList<SweepPoint> Sweep(
        ClusterSettings settings, string sweep, IReadOnlyList<double> values, IReadOnlyList<PolicySetup> setups, bool pooledBounds = false)
    {
        var points = new List<SweepPoint>(values.Count);
        foreach (var value in values)
        {
            var at = sweep switch
            {
                "nodes" => settings with { Nodes = (int)value },
                "storage" => settings with { StorageGigabytes = value },
                "rate" => settings with { RequestsPerSecond = value },
                _ => throw new ArgumentException($"cannot sweep '{sweep}'"),
            };
            _progress?.Invoke($"sweep {sweep} = {value}");
            at = at.Validate();
            points.Add(new SweepPoint(value, Run(at, setups), pooledBounds ? PooledBounds(at) : null));
        }

        return points;
    }

    public static IReadOnlyList<double> DefaultSweepValues(string sweep) => sweep switch
    {
        "nodes" => [100, 150, 200, 250, 300],
        "storage" => [8, 16, 32, 64, 128],
        "rate" => [50, 75, 100, 125, 150],
        _ => throw new ArgumentException($"cannot sweep '{sweep}'"),
    };
}
