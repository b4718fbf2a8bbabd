using LayerCache.EndToEnd.Reporting;
using LayerCache.EndToEnd.Runs;

namespace LayerCache.EndToEnd.Tests.Reporting;

public sealed class SimulatedCsvTests
{
    [Fact]
    public void Render_Predictions_RegistryAndPeerBytesApartWithTheSpeedup()
    {
        SimulatedResult[] predicted =
        [
            new("agnostic", 6.0, 3, 7, 11, 1_400_000_000),
            new("layercache+peer", 1.5, 0.5, 2, 3, 300_000_000, PeerBytes: 900_000_000),
        ];

        var lines = SimulatedCsv.Render(predicted).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal("policy,mean_s,p50_s,p95_s,p99_s,registry_bytes,peer_bytes,speedup", lines[0]);
        Assert.Equal("agnostic,6,3,7,11,1400000000,0,1", lines[1]);
        Assert.Equal("layercache+peer,1.5,0.5,2,3,300000000,900000000,4", lines[2]);
    }
}
