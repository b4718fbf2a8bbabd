using LayerCache.Core.Costs;
using LayerCache.Core.Eviction;
using LayerCache.Core.Model;
using LayerCache.Core.Scoring;
using LayerCache.Simulator.Corpus;
using LayerCache.Simulator.Engine;

namespace LayerCache.Simulator.Tests.Support;

/// <summary>Small clusters and corpora that run in well under a second.</summary>
public static class Simulations
{
    /// <summary>
    /// 20 nodes of 3 GB (the shipped corpus's largest image is 2.2 GB), 10 requests a second for a minute: tight enough
    /// to evict, loose enough not to queue (10 nodes at 20 a second queue for tens of seconds and hide everything else).
    /// </summary>
    public static ClusterSettings Small { get; } = new()
    {
        Nodes = 20,
        StorageGigabytes = 3,
        RequestsPerSecond = 10,
        DurationSeconds = 60,
        Seed = 7,
    };

    public static PolicySetup Agnostic { get; } = new("agnostic", new AgnosticScorer(), new LruEvictionPolicy());

    public static PolicySetup Layer { get; } = new("layer", new LayerLocalityScorer(), new LruEvictionPolicy());

    /// <summary>The shipped corpus ranked as the simulator ranks it: most pulled first.</summary>
    public static IReadOnlyList<ContainerImage> RankedShippedCorpus() => Ranked(CorpusReader.ReadFile(RepositoryPaths.ShippedCorpus));

    public static IReadOnlyList<ContainerImage> Ranked(IReadOnlyList<CorpusImage> corpus) =>
        corpus.Select((c, i) => (c, i)).OrderByDescending(x => x.c.Pulls).ThenBy(x => x.i).Select(x => x.c.Image).ToList();

    /// <summary>One image of one 1 MB layer.</summary>
    public static IReadOnlyList<ContainerImage> OneImage { get; } = [new ContainerImage("example.test/a:v1", [TestLayers.Layer(1, 1_000_000)])];

    /// <summary>Ten images on one 300 MB base layer, each with a 40 MB layer of its own.</summary>
    public static IReadOnlyList<ContainerImage> SharedBaseCorpus()
    {
        var baseLayer = TestLayers.Layer(1, 300_000_000);
        return Enumerable.Range(0, 10)
            .Select(i => new ContainerImage($"example.test/app-{i}:v1", [baseLayer, TestLayers.Layer(100 + i, 40_000_000)]))
            .ToList();
    }

    public static SimulationResult Run(IReadOnlyList<ContainerImage> ranked, ClusterSettings settings, PolicySetup setup) =>
        Run(ranked, RequestTrace.Generate(ranked.Count, settings), settings, setup);

    public static SimulationResult Run(IReadOnlyList<ContainerImage> ranked, RequestTrace trace, ClusterSettings settings, PolicySetup setup) =>
        new ClusterSimulation(ranked, trace, settings, setup, PaperPullCostModel.Instance).Run();
}
