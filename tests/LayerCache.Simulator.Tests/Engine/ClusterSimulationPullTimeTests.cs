using LayerCache.Core.Model;
using LayerCache.Simulator.Engine;
using LayerCache.Simulator.Tests.Support;

namespace LayerCache.Simulator.Tests.Engine;

/// <summary>One node with one slot and one image of one 100 MB layer: every latency follows by hand.</summary>
public sealed class ClusterSimulationPullTimeTests
{
    /// <summary>The paper's fit for a 100 MB layer: 2.504e-8 s a byte x 1e8 bytes + 0.3674 s.</summary>
    private const double PullSeconds = 2.8714;

    private const double RunSeconds = 30;

    private static readonly IReadOnlyList<ContainerImage> OneImage =
        [new ContainerImage("example.test/big:v1", [TestLayers.Layer(1, 100_000_000)])];

    private static readonly ClusterSettings OneSlot = new()
    {
        Nodes = 1,
        SlotsPerNode = 1,
        StorageGigabytes = 1,
        RequestsPerSecond = 1,
        DurationSeconds = 2,
        RunMinSeconds = RunSeconds,
        RunMaxSeconds = RunSeconds,

        // Seed 1 draws two arrivals, at 0.29 s and 1.76 s: the second comes while the first still pulls.
        Seed = 1,
    };

    [Fact]
    public void Run_SecondRequestWhileSlotBusy_WaitsForSlotThenStartsWithoutPull()
    {
        var trace = RequestTrace.Generate(1, OneSlot);
        Assert.Equal(2, trace.Count);
        var (first, second) = (trace.ArrivalSeconds[0], trace.ArrivalSeconds[1]);
        Assert.True(second < first + PullSeconds, "the second request must arrive while the slot is busy");

        var result = Simulations.Run(OneImage, trace, OneSlot, Simulations.Agnostic);

        // The first pulls; the second arrives during the pull and starts when the first container ends.
        var firstLatency = PullSeconds;
        var secondLatency = first + PullSeconds + RunSeconds - second;
        Assert.Equal(2, result.Requests);
        Assert.Equal((firstLatency + secondLatency) / 2, result.MeanSeconds, 9);
        Assert.Equal(firstLatency, result.P50Seconds, 9);
        Assert.Equal(secondLatency, result.P99Seconds, 9);
        Assert.Equal(secondLatency / 2, result.MeanQueueSeconds, 9);
        Assert.Equal(100_000_000, result.OnDemandBytes);
        Assert.Equal(0.5, result.HitRatio, 12);
        Assert.Equal(0, result.Evictions);
    }

    [Fact]
    public void Run_ManyRequestsOnOneSlot_MatchesFirstInFirstOutByHand()
    {
        var settings = OneSlot with { RequestsPerSecond = 0.5, DurationSeconds = 120, RunMinSeconds = 1, RunMaxSeconds = 3, Seed = 2 };
        var trace = RequestTrace.Generate(1, settings);
        Assert.True(trace.Count > 20);

        var result = Simulations.Run(OneImage, trace, settings, Simulations.Agnostic);

        // One slot serves requests in arrival order; only the first pulls, the layer then stays.
        var latencies = new double[trace.Count];
        var slotFreeAt = 0.0;
        for (var i = 0; i < trace.Count; i++)
        {
            var start = Math.Max(trace.ArrivalSeconds[i], slotFreeAt);
            var ready = start + (i == 0 ? PullSeconds : 0);
            latencies[i] = ready - trace.ArrivalSeconds[i];
            slotFreeAt = ready + trace.RunSeconds[i];
        }

        Array.Sort(latencies);
        Assert.True(latencies.Count(l => l == 0) > 0 && latencies.Count(l => l > 0) > 1, "the trace has both idle and busy arrivals");
        Assert.Equal(latencies.Average(), result.MeanSeconds, 9);
        Assert.Equal(Nearest(latencies, 0.50), result.P50Seconds, 9);
        Assert.Equal(Nearest(latencies, 0.95), result.P95Seconds, 9);
        Assert.Equal(Nearest(latencies, 0.99), result.P99Seconds, 9);
        Assert.Equal(100_000_000, result.OnDemandBytes);
    }

    private static double Nearest(double[] sorted, double q) => sorted[(int)Math.Ceiling(q * sorted.Length) - 1];
}
