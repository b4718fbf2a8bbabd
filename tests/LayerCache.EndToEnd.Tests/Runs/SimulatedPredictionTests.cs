using LayerCache.EndToEnd.Runs;

namespace LayerCache.EndToEnd.Tests;

public sealed class SimulatedPredictionTests
{
    private static EndToEndOptions Small(string calibration, string policies = "agnostic,layer") => EndToEndOptions.Parse(
        ["--simulate-only", "--pods", "60", "--synthesize", "150", "--policies", policies, "--calibration", calibration]);

    [Fact]
    public void Run_EachPolicy_IsPredictedInTheOrderAsked()
    {
        var results = SimulatedPrediction.Run(Small("95,118,119,120"), _ => { });

        Assert.Equal(["agnostic", "layer"], results.Select(r => r.Policy));
        Assert.All(results, r => Assert.True(r.RegistryBytes > 0 && r.MeanSeconds > 0.12, $"{r.Policy}: {r.MeanSeconds} s, {r.RegistryBytes} bytes"));
    }

    [Fact]
    public void Run_SlowerUplink_PredictsSlowerStartsForTheSameTrace()
    {
        var fast = SimulatedPrediction.Run(Small("95,118,119,120"), _ => { });
        var slow = SimulatedPrediction.Run(Small("20,118,119,120"), _ => { });

        foreach (var (f, s) in fast.Zip(slow))
        {
            Assert.True(s.MeanSeconds > f.MeanSeconds, $"{f.Policy}: {s.MeanSeconds} s at 20 Mbit/s, {f.MeanSeconds} s at 95");
        }
    }

    [Fact]
    public void Run_UnpackAhead_IsPredictedLikeTheOthers()
    {
        var results = SimulatedPrediction.Run(Small("95,118,119,120", "agnostic,layercache+unpack,layercache"), _ => { });

        Assert.Equal(["agnostic", "layercache+unpack", "layercache"], results.Select(r => r.Policy));
        Assert.All(results, r => Assert.True(double.IsFinite(r.MeanSeconds) && r.MeanSeconds > 0, $"{r.Policy}: {r.MeanSeconds}"));
    }

    [Fact]
    public void Run_PeerPolicies_TakeFromNeighboursWhatTheOthersTakeFromTheRegistry()
    {
        var results = SimulatedPrediction.Run(Small("50,118,119,120", "agnostic,spegel,layercache,layercache+peer"), _ => { }).ToDictionary(r => r.Policy);

        Assert.Equal(0, results["agnostic"].PeerBytes);
        Assert.Equal(0, results["layercache"].PeerBytes);
        Assert.True(results["spegel"].PeerBytes > 0);
        Assert.True(results["spegel"].RegistryBytes < results["agnostic"].RegistryBytes);
        Assert.True(results["layercache+peer"].PeerBytes > 0);
        Assert.True(results["spegel"].MeanSeconds < results["agnostic"].MeanSeconds);
    }
}
