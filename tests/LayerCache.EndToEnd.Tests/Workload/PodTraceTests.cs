using LayerCache.EndToEnd.Workload;
using LayerCache.Simulator.Engine;

namespace LayerCache.EndToEnd.Tests.Workload;

public sealed class PodTraceTests
{
    private static readonly ClusterSettings Settings = new() { RequestsPerSecond = 2, RunMinSeconds = 5, RunMaxSeconds = 15, Seed = 3 };

    [Fact]
    public void Generate_ExactlyThePodsAsked_TheSimulatorsOwnDrawsInOrder()
    {
        var trace = PodTrace.Generate(50, 300, Settings);
        var simulator = RequestTrace.Generate(50, Settings with { DurationSeconds = 1000 });

        Assert.Equal(300, trace.Count);
        Assert.Equal(simulator.ArrivalSeconds.Take(300), trace.ArrivalSeconds);
        Assert.Equal(simulator.ImageRanks.Take(300), trace.ImageRanks);
        Assert.Equal(simulator.RunSeconds.Take(300), trace.RunSeconds);
        Assert.All(trace.RunSeconds, r => Assert.InRange(r, 5, 15));
    }

    [Fact]
    public void Generate_SameSeed_SameTrace()
    {
        var first = PodTrace.Generate(50, 100, Settings);
        var second = PodTrace.Generate(50, 100, Settings);

        Assert.Equal(first.ArrivalSeconds, second.ArrivalSeconds);
        Assert.Equal(first.ImageRanks, second.ImageRanks);
    }
}
