using LayerCache.Core.Costs;
using LayerCache.Core.Model;
using LayerCache.Core.Prefetch;
using LayerCache.Simulator.Engine;
using LayerCache.Simulator.Experiments;
using LayerCache.Simulator.Tests.Support;

namespace LayerCache.Simulator.Tests.Engine;

/// <summary>
/// Unpack ahead, worked by hand: one image of one 100 MB layer, two nodes of one slot, a link per node at 10 MB/s with
/// 0.5 s a request, unpack at 10 MB/s (a pull: 10.5 s of transfer, 10 s of unpack). a arrives at 0 and runs long on
/// one node; the planner prefetches the layer onto the other (content at 15.5 s). b arrives at 100 s and can only go
/// there: under layercache it unpacks the blob (10 s), under layercache+unpack the node already did (from 20 s).
/// </summary>
public sealed class UnpackAheadTests
{
    private const long MB = 1_000_000;

    private static readonly BandwidthPullCostModel Cost = new(10e6, 10e6, 0.5);

    private static readonly PrefetchPlannerOptions Eager = new()
    {
        MinLayerRequests = 0,
        MinRequestsPerReplica = 0,
        MinImageRequestsPerNode = 0.1,
        UnpackedToCompressedRatio = 1,
    };

    private static readonly ClusterSettings TwoNodes = new() { Nodes = 2, SlotsPerNode = 1, StorageGigabytes = 1, DurationSeconds = 200 };

    private static readonly IReadOnlyList<ContainerImage> Images = [new ContainerImage("example.test/a:v1", [TestLayers.Layer(1, 100 * MB)])];

    private static readonly RequestTrace AThenB = RequestTrace.From([0, 100], [0, 0], [1000, 10]);

    [Fact]
    public void Run_PodOnAPrefetchedNode_LayercachePaysTheUnpack_LayercachePlusUnpackDoesNot()
    {
        var layercache = Run("layercache");
        var unpackAhead = Run("layercache+unpack");

        // a: 10.5 + 10 = 20.5 s either way; b: 10 s of unpack, or nothing.
        Assert.Equal((20.5 + 10) / 2, layercache.MeanSeconds, 6);
        Assert.Equal((10 + 10) / 2.0, layercache.MeanUnpackSeconds, 6);
        Assert.Equal(20.5 / 2, unpackAhead.MeanSeconds, 6);
        Assert.Equal(10 / 2.0, unpackAhead.MeanUnpackSeconds, 6);
        Assert.Equal(10.5 / 2, unpackAhead.MeanTransferSeconds, 6);
        Assert.Equal(100 * MB, layercache.PrefetchBytes);
        Assert.Equal(100 * MB, unpackAhead.PrefetchBytes);
        Assert.Equal(0, layercache.UnpackAheadBytes);
        Assert.Equal(100 * MB, unpackAhead.UnpackAheadBytes);
    }

    [Fact]
    public void Run_ShippedCorpus_UnpackAheadLowersTheUnpackSeconds()
    {
        // simulator.md's run at 10 Gbit/s, seed 1: 20 nodes of 2 slots and 32 GB, three requests a second for ten minutes,
        // a copy of a layer and an unpack ahead for every request a node expects.
        var settings = new ClusterSettings
        {
            Nodes = 20, SlotsPerNode = 2, RequestsPerSecond = 3, DurationSeconds = 600, Seed = 1, SharedUplink = true,
        };
        var cost = new BandwidthPullCostModel(10e9 / 8, 119e6, 0.118);
        var options = new PrefetchPlannerOptions { MinRequestsPerReplica = 1, MinImageRequestsPerNode = 1 };
        var ranked = Simulations.RankedShippedCorpus();
        var trace = RequestTrace.Generate(ranked.Count, settings);

        var layercache = new ClusterSimulation(ranked, trace, settings, Named("layercache") with { PrefetchOptions = options }, cost).Run();
        var unpackAhead = new ClusterSimulation(ranked, trace, settings, Named("layercache+unpack") with { PrefetchOptions = options }, cost).Run();

        Assert.True(unpackAhead.UnpackAheadBytes > 0, "the planner unpacked nothing ahead");
        Assert.True(
            unpackAhead.MeanUnpackSeconds < layercache.MeanUnpackSeconds,
            $"unpack ahead: {unpackAhead.MeanUnpackSeconds} s of unpack a pod; without: {layercache.MeanUnpackSeconds} s");
        Assert.True(unpackAhead.FreeStorageFraction < layercache.FreeStorageFraction, "the snapshots take no disk");
    }

    private static SimulationResult Run(string policy) =>
        new ClusterSimulation(Images, AThenB, TwoNodes, Named(policy) with { PrefetchOptions = Eager }, Cost).Run();

    private static PolicySetup Named(string name) => PolicySets.Named([name])[0];
}
