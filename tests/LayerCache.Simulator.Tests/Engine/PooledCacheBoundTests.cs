using LayerCache.Core.Costs;
using LayerCache.Core.Model;
using LayerCache.Simulator.Engine;
using LayerCache.Simulator.Tests.Support;

namespace LayerCache.Simulator.Tests.Engine;

/// <summary>The pooled cache's rules on traces of one-layer images worked by hand, and Belady's optimality on a random one.</summary>
public sealed class PooledCacheBoundTests
{
    private const long LayerBytes = 1_000_000;

    /// <summary>1 s of request and 1 s of transfer a layer, no unpack: every layer costs 2 s cold.</summary>
    private static readonly BandwidthPullCostModel TwoSecondsALayer = new(LayerBytes, double.PositiveInfinity, 1);

    /// <summary>Images A, B, C (ranks 0, 1, 2), one layer of the same size each.</summary>
    private static readonly IReadOnlyList<ContainerImage> ThreeImages =
    [
        new ContainerImage("example.test/a:v1", [TestLayers.Layer(1, LayerBytes)]),
        new ContainerImage("example.test/b:v1", [TestLayers.Layer(2, LayerBytes)]),
        new ContainerImage("example.test/c:v1", [TestLayers.Layer(3, LayerBytes)]),
    ];

    [Fact]
    public void Compute_ABCAB_ForesightAndKnownCountsDropC_LruAndFrequencyMissEveryTime()
    {
        // Room for two. After C: A and B are asked for again, C never, so the rules that know the future drop C and
        // hit twice; LRU drops A, then B for A, then C for B; frequency sees three ones and does the same.
        var pulled = Pulled(Trace(0, 1, 2, 0, 1), 2 * LayerBytes);

        Assert.Equal(3, pulled[PooledRule.Foresight]);
        Assert.Equal(3, pulled[PooledRule.KnownCounts]);
        Assert.Equal(5, pulled[PooledRule.Frequency]);
        Assert.Equal(5, pulled[PooledRule.LeastRecentlyUsed]);
    }

    [Fact]
    public void Compute_AABCA_FrequencyKeepsTheImageAskedForTwice()
    {
        // After C: A was asked for twice, B and C once. Frequency drops B (the older of the two ones) and hits A;
        // LRU drops A, the least recently used, and pulls it again.
        var pulled = Pulled(Trace(0, 0, 1, 2, 0), 2 * LayerBytes);

        Assert.Equal(3, pulled[PooledRule.Frequency]);
        Assert.Equal(4, pulled[PooledRule.LeastRecentlyUsed]);
        Assert.Equal(3, pulled[PooledRule.Foresight]);
    }

    [Fact]
    public void Compute_RoomForEverything_EveryRulePullsEachLayerOnce()
    {
        var results = PooledCacheBound.Compute(ThreeImages, Trace(0, 1, 2, 0, 1, 2, 2), 3 * LayerBytes, TwoSecondsALayer);

        Assert.All(results, r => Assert.Equal(3 * LayerBytes, r.PulledBytes));
        // Three cold pulls of 2 s over seven requests.
        Assert.All(results, r => Assert.Equal(6.0 / 7, r.MeanPullSeconds, 9));
    }

    [Fact]
    public void Compute_LayerSharedByTwoImages_IsPulledOnceWhileHeld()
    {
        var shared = TestLayers.Layer(9, LayerBytes);
        IReadOnlyList<ContainerImage> images =
        [
            new ContainerImage("example.test/x:v1", [shared, TestLayers.Layer(1, LayerBytes)]),
            new ContainerImage("example.test/y:v1", [shared, TestLayers.Layer(2, LayerBytes)]),
        ];

        var results = PooledCacheBound.Compute(images, Trace(0, 1), 3 * LayerBytes, TwoSecondsALayer);

        Assert.All(results, r => Assert.Equal(3 * LayerBytes, r.PulledBytes));
    }

    [Fact]
    public void Compute_RandomTraceOfSameSizedLayers_ForesightPullsNoMoreThanAnyOtherRule()
    {
        var random = new Random(5);
        IReadOnlyList<ContainerImage> images =
        [
            .. Enumerable.Range(0, 40).Select(i => new ContainerImage($"example.test/i{i}:v1", [TestLayers.Layer(i + 1, LayerBytes)])),
        ];
        var ranks = Enumerable.Range(0, 2_000).Select(_ => (int)Math.Floor(40 * Math.Pow(random.NextDouble(), 2))).ToArray();

        var results = PooledCacheBound.Compute(images, Trace(ranks), 8 * LayerBytes, TwoSecondsALayer);

        var foresight = results.Single(r => r.Rule == PooledRule.Foresight).PulledBytes;
        Assert.All(results, r => Assert.True(foresight <= r.PulledBytes, $"{r.Name} pulled {r.PulledBytes}, foresight {foresight}"));
        // The popular few fit, so every rule hits sometimes; and with room for 8 of 40 none can hit always.
        Assert.All(results, r => Assert.InRange(r.PulledBytes, 41 * LayerBytes, 1_999 * LayerBytes));
        Assert.True(foresight < results.Single(r => r.Rule == PooledRule.LeastRecentlyUsed).PulledBytes);
    }

    private static Dictionary<PooledRule, long> Pulled(RequestTrace trace, long capacityBytes) =>
        PooledCacheBound.Compute(ThreeImages, trace, capacityBytes, TwoSecondsALayer).ToDictionary(r => r.Rule, r => r.PulledBytes / LayerBytes);

    private static RequestTrace Trace(params int[] ranks) =>
        RequestTrace.From([.. ranks.Select((_, i) => (double)i)], ranks, [.. ranks.Select(_ => 1.0)]);
}
