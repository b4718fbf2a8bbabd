using LayerCache.Simulator.Engine;

namespace LayerCache.Simulator.Tests.Engine;

public sealed class RequestTraceTests
{
    private static readonly ClusterSettings Settings = new()
    {
        RequestsPerSecond = 50,
        DurationSeconds = 100,
        RunMinSeconds = 2,
        RunMaxSeconds = 7,
        Seed = 9,
    };

    [Fact]
    public void Generate_RateAndDuration_CountNearTheirProduct()
    {
        var trace = RequestTrace.Generate(137, Settings);

        // Poisson: the standard deviation of 5,000 expected arrivals is about 71.
        Assert.InRange(trace.Count, 5000 - (4 * 71), 5000 + (4 * 71));
        Assert.Equal(trace.Count, trace.ImageRanks.Count);
        Assert.Equal(trace.Count, trace.RunSeconds.Count);
    }

    [Fact]
    public void Generate_Arrivals_IncreaseAndEndBeforeTheDuration()
    {
        var trace = RequestTrace.Generate(137, Settings);

        Assert.True(trace.ArrivalSeconds[0] > 0);
        for (var i = 1; i < trace.Count; i++)
        {
            Assert.True(trace.ArrivalSeconds[i] > trace.ArrivalSeconds[i - 1], $"arrival {i} does not follow arrival {i - 1}");
        }

        Assert.True(trace.ArrivalSeconds[^1] < Settings.DurationSeconds);
        Assert.True(trace.ArrivalSeconds[^1] > Settings.DurationSeconds - 1, "arrivals run to the end");
    }

    [Fact]
    public void Generate_RunTimes_SpreadOverMinToMax()
    {
        var trace = RequestTrace.Generate(137, Settings);

        Assert.All(trace.RunSeconds, s => Assert.InRange(s, Settings.RunMinSeconds, Settings.RunMaxSeconds));
        Assert.True(trace.RunSeconds.Min() < 2.1 && trace.RunSeconds.Max() > 6.9, "run times cover the range");
        Assert.InRange(trace.RunSeconds.Average(), 4.4, 4.6);
    }

    [Fact]
    public void Generate_ImageRanks_WithinTheCorpusAndZipfSkewed()
    {
        var trace = RequestTrace.Generate(137, Settings);

        Assert.All(trace.ImageRanks, r => Assert.InRange(r, 0, 136));
        Assert.True(trace.ImageRanks.Count(r => r == 0) > trace.ImageRanks.Count(r => r == 100), "rank 0 is the most requested");
    }

    [Fact]
    public void Generate_SameSeed_SameTrace()
    {
        var first = RequestTrace.Generate(137, Settings);
        var second = RequestTrace.Generate(137, Settings);

        Assert.Equal(first.ArrivalSeconds, second.ArrivalSeconds);
        Assert.Equal(first.ImageRanks, second.ImageRanks);
        Assert.Equal(first.RunSeconds, second.RunSeconds);
    }

    [Fact]
    public void Generate_DifferentSeed_DifferentTrace()
    {
        var first = RequestTrace.Generate(137, Settings);
        var second = RequestTrace.Generate(137, Settings with { Seed = 10 });

        Assert.NotEqual(first.ArrivalSeconds, second.ArrivalSeconds);
    }
}
