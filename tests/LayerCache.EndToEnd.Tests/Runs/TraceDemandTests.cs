using LayerCache.Core.Model;
using LayerCache.EndToEnd.Runs;
using LayerCache.Simulator.Engine;

namespace LayerCache.EndToEnd.Tests;

public sealed class TraceDemandTests
{
    private static readonly Layer Base = new(Digest.Of("base"u8), 60_000_000);
    private static readonly Layer App = new(Digest.Of("app"u8), 30_000_000);
    private static readonly Layer Tool = new(Digest.Of("tool"u8), 10_000_000);

    // Rank 0 and 1 share the base layer; rank 2 is never asked for.
    private static readonly ContainerImage[] Ranked =
    [
        new("registry.test/app:1", [Base, App]),
        new("registry.test/tool:1", [Base, Tool]),
        new("registry.test/unused:1", [new Layer(Digest.Of("unused"u8), 500_000_000)]),
    ];

    private static RequestTrace Trace(params int[] ranks) =>
        RequestTrace.From([.. ranks.Select((_, i) => (double)i)], ranks, [.. ranks.Select(_ => 5.0)]);

    [Fact]
    public void Of_CountsEachLayerAskedForOnce_AndOnlyImagesTheTraceAsksFor()
    {
        var demand = TraceDemand.Of(Ranked, Trace(0, 1, 0, 0));

        Assert.Equal(2, demand.DistinctImages);
        Assert.Equal(100_000_000, demand.DistinctLayerBytes);
        Assert.Equal("registry.test/app:1", demand.Largest.Reference);
    }

    [Fact]
    public void MeanStartFloor_IsTheLayersOverTheUplinkSharedByThePods()
    {
        var demand = TraceDemand.Of(Ranked, Trace(0, 1, 0, 0));

        // 100 MB at 10 MB/s is 10 s of the uplink, which the 4 pods wait through 2.5 s each on average at least.
        Assert.Equal(2.5, demand.MeanStartFloorSeconds(10_000_000), 9);
    }

    [Fact]
    public void RequireFits_ABudgetUnderTheLargestImage_NamesItAndTheLeastThatHoldsIt()
    {
        var demand = TraceDemand.Of(Ranked, Trace(1, 0));

        demand.RequireFits(90_000_000);
        var error = Assert.Throws<ArgumentException>(() => demand.RequireFits(85_000_000));
        Assert.Equal(
            "--storage-mb 85 is less than the trace's largest image, registry.test/app:1 at 90.0 MB: no node could hold it (--storage-mb 90 or more)",
            error.Message);
    }

    [Fact]
    public void Scaled_GivesEachLayerTheSizeItIsPublishedAt()
    {
        var scaled = TraceDemand.Scaled(Ranked, 0.02);

        Assert.Equal([1_200_000, 600_000], scaled[0].Layers.Select(l => l.SizeBytes));
        Assert.Equal(Ranked[0].Layers.Select(l => l.Digest), scaled[0].Layers.Select(l => l.Digest));
    }
}
