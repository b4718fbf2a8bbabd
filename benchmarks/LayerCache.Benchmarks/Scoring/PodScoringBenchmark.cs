using System.Buffers;
using BenchmarkDotNet.Attributes;

namespace LayerCache.Benchmarks.Scoring;

/// <summary>
/// One pod of three images (40 distinct layers) scored against every node of the view, as prioritize does: the scores
/// alone (computed, then disposed), and the scores written as prioritize's JSON answer.
/// </summary>
[Config(typeof(ScoringConfig))]
public class PodScoringBenchmark
{
    private readonly ArrayBufferWriter<byte> _answer = new();
    private ScoringFixture? _fixture;

    [Params(500, 5_000)]
    public int Nodes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _fixture = new ScoringFixture(Nodes);
        using var scores = _fixture.Score();
        var scored = 0;
        foreach (var node in scores.Nodes)
        {
            scored += node.Score > 0 ? 1 : 0;
        }

        if (!scores.Resolved || scores.Count != Nodes || scored == 0)
        {
            throw new InvalidOperationException("the fixture did not score the pod: an image is unknown or no node holds any layer");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _fixture?.Dispose();

    [Benchmark(Description = "HintService.Score (pod of 3 images, every node)")]
    public int ScorePod()
    {
        using var scores = _fixture!.Score();
        return scores.Count;
    }

    [Benchmark(Description = "Score + HostPriorityList JSON + metrics (prioritize minus HTTP)")]
    public int Prioritize() => _fixture!.Prioritize(_answer);

    [Benchmark(Description = "CoordinatorMetrics.RecordHint (count and latency, by route and outcome)")]
    public void RecordHint() => _fixture!.RecordHint(resolved: true, System.Diagnostics.Stopwatch.GetTimestamp());
}
