using BenchmarkDotNet.Attributes;
using LayerCache.Coordinator.Hints;

namespace LayerCache.Benchmarks.Scoring;

/// <summary>One pod of three images (40 distinct layers) scored against every node of the view, as prioritize does.</summary>
[Config(typeof(ScoringConfig))]
public class PodScoringBenchmark
{
    private ScoringFixture? _fixture;

    [Params(500, 5_000)]
    public int Nodes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _fixture = new ScoringFixture(Nodes);
        var result = _fixture.Score();
        if (!result.Resolved || result.Nodes.Length != Nodes || !result.Nodes.Any(n => n.Score > 0))
        {
            throw new InvalidOperationException("the fixture did not score the pod: an image is unknown or no node holds any layer");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _fixture?.Dispose();

    [Benchmark(Description = "HintService.Score (pod of 3 images, every node)")]
    public HintResult ScorePod() => _fixture!.Score();
}
