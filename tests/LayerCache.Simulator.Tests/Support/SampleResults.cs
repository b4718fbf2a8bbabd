using LayerCache.Simulator.Engine;

namespace LayerCache.Simulator.Tests.Support;

/// <summary>Results with distinct, awkward numbers, so that a column swapped or rounded shows.</summary>
public static class SampleResults
{
    public static SimulationResult Result(string policy, double meanSeconds, int salt = 0) => new()
    {
        Policy = policy,
        Requests = 12_345 + salt,
        MeanSeconds = meanSeconds,
        P50Seconds = (meanSeconds * 0.5) + 0.000123456789,
        P95Seconds = (meanSeconds * 2.5) + 0.1,
        P99Seconds = (meanSeconds * 4.25) + 0.2,
        MeanQueueSeconds = 0.012345678901234 + salt,
        HitRatio = 0.6180339887 - (salt * 0.01),
        OnDemandBytes = 123_456_789_012 + salt,
        PrefetchBytes = 9_876_543_210 + salt,
        SlotUtilization = 0.4142135623,
        FreeStorageFraction = 0.2718281828,
        Evictions = 4321 + salt,
        EvictedBytes = 55_555_555_555 + salt,
        WallSeconds = 1.5 + salt,
        RegistryBytes = 100_456_789_012 + salt,
        PeerBytes = 33_000_543_210 + salt,
        MeanWaitSeconds = 0.111111111111 + salt,
        MeanTransferSeconds = (meanSeconds * 0.6) + 0.000987654321,
        MeanUnpackSeconds = (meanSeconds * 0.3) + 0.0123,
        MeanStartSeconds = 0.2468 + salt,
        UnpackAheadBytes = 7_777_777_777 + salt,
    };

    /// <summary>The paper's three placements: agnostic twice as slow as layer.</summary>
    public static IReadOnlyList<SimulationResult> ThreePolicies() =>
    [
        Result("agnostic", 4.0),
        Result("image", 3.2, salt: 1),
        Result("layer", 2.0, salt: 2),
    ];
}
