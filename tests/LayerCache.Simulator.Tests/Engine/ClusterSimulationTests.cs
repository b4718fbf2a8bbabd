using LayerCache.Core.Eviction;
using LayerCache.Core.Scoring;
using LayerCache.Simulator.Engine;
using LayerCache.Simulator.Tests.Support;

namespace LayerCache.Simulator.Tests.Engine;

public sealed class ClusterSimulationTests
{
    [Fact]
    public void Run_SameSeed_IdenticalResults()
    {
        var ranked = Simulations.RankedShippedCorpus();

        var first = Simulations.Run(ranked, Simulations.Small, Simulations.Layer);
        var second = Simulations.Run(ranked, Simulations.Small, Simulations.Layer);

        // Wall-clock time is the one field that may differ.
        Assert.Equal(first with { WallSeconds = 0 }, second with { WallSeconds = 0 });
    }

    [Fact]
    public void Run_DifferentSeed_DifferentResults()
    {
        var ranked = Simulations.RankedShippedCorpus();

        var first = Simulations.Run(ranked, Simulations.Small, Simulations.Agnostic);
        var second = Simulations.Run(ranked, Simulations.Small with { Seed = 8 }, Simulations.Agnostic);

        Assert.NotEqual(first.MeanSeconds, second.MeanSeconds);
    }

    [Fact]
    public void Run_EveryPolicy_PlacesEveryRequest()
    {
        var ranked = Simulations.RankedShippedCorpus();
        var trace = RequestTrace.Generate(ranked.Count, Simulations.Small);

        var result = Simulations.Run(ranked, trace, Simulations.Small, Simulations.Agnostic);

        Assert.Equal(trace.Count, result.Requests);
        Assert.True(result.MeanSeconds > 0);
        Assert.True(result.P50Seconds <= result.P95Seconds && result.P95Seconds <= result.P99Seconds);
        Assert.InRange(result.HitRatio, 0, 1);
        Assert.InRange(result.SlotUtilization, 0, 1);
        Assert.InRange(result.FreeStorageFraction, 0, 1);
    }

    [Fact]
    public void Run_UnlimitedStorage_NoEvictions()
    {
        var ranked = Simulations.RankedShippedCorpus();
        var limited = Simulations.Run(ranked, Simulations.Small, Simulations.Agnostic);

        var unlimited = Simulations.Run(ranked, Simulations.Small, Simulations.Agnostic with { UnlimitedStorage = true });

        Assert.True(limited.Evictions > 0, "the same run with 3 GB nodes must evict, or the comparison says nothing");
        Assert.Equal(0, unlimited.Evictions);
    }

    [Fact]
    public void Run_EvictedBytes_AreWhatWasPulledBeyondTheDisks()
    {
        var ranked = Simulations.RankedShippedCorpus();
        var settings = Simulations.Small;

        var limited = Simulations.Run(ranked, settings, Simulations.Agnostic);
        var unlimited = Simulations.Run(ranked, settings, Simulations.Agnostic with { UnlimitedStorage = true });

        // Whatever was pulled and does not fit on the disks at the end must have been evicted on the way.
        var beyondDisks = limited.TotalBytes - (settings.Nodes * settings.StorageBytes);
        Assert.True(beyondDisks > 0, "the run must pull more than its disks hold, or the check says nothing");
        Assert.InRange(limited.EvictedBytes, beyondDisks, limited.TotalBytes);
        Assert.Equal(0, unlimited.EvictedBytes);
    }

    [Fact]
    public void Run_SharedBaseCorpus_LayerAwareHitsAtLeastAsOftenAsAgnostic()
    {
        var corpus = Simulations.SharedBaseCorpus();
        var settings = Simulations.Small with { StorageGigabytes = 0.5 };

        var agnostic = Simulations.Run(corpus, settings, Simulations.Agnostic);
        var layer = Simulations.Run(corpus, settings, Simulations.Layer);

        Assert.True(layer.HitRatio >= agnostic.HitRatio, $"layer {layer.HitRatio:P1} < agnostic {agnostic.HitRatio:P1}");
        Assert.True(layer.OnDemandBytes <= agnostic.OnDemandBytes);
    }

    [Fact]
    public void Run_WithPrefetch_PrefetchesPopularLayers()
    {
        // Every request wants the shared base, and 30 nodes leave most of them without it for a while.
        var settings = Simulations.Small with { Nodes = 30, RequestsPerSecond = 20 };
        var setup = new PolicySetup("layercache+lru", new LayerCacheScorer(), new LruEvictionPolicy(), Prefetch: true);

        var result = Simulations.Run(Simulations.SharedBaseCorpus(), settings, setup);

        Assert.True(result.PrefetchBytes > 0);
        Assert.Equal(result.OnDemandBytes + result.PrefetchBytes, result.TotalBytes);
    }

    [Fact]
    public void Run_WithoutPrefetch_PrefetchesNothing()
    {
        var ranked = Simulations.RankedShippedCorpus();

        var result = Simulations.Run(ranked, Simulations.Small, Simulations.Layer);

        Assert.Equal(0, result.PrefetchBytes);
        Assert.True(result.OnDemandBytes > 0);
    }
}
