using LayerCache.EndToEnd.Runs;

namespace LayerCache.EndToEnd.Tests.Reporting;

/// <summary>Hand-built results with round numbers, so expected cells can be worked out by eye.</summary>
internal static class SampleRuns
{
    public static PolicyResult Measured(string policy, double mean, double p95 = 0, int[]? podsPerNode = null, long registryBytes = 0) => new()
    {
        Policy = policy,
        StartupSeconds = [mean, mean, mean, mean],
        MeanSeconds = mean,
        P50Seconds = mean * 0.9,
        P95Seconds = p95 > 0 ? p95 : mean * 2,
        P99Seconds = mean * 3,
        // The parts add up to the mean: wait 0.1, transfer half, unpack a quarter, start the rest.
        MeanWaitSeconds = 0.1,
        MeanTransferSeconds = mean / 2,
        MeanUnpackSeconds = mean / 4,
        MeanStartSeconds = (mean / 4) - 0.1,
        MeanPullSeconds = mean * 3 / 4,
        MeanContainerStartSeconds = 0.3,
        RegistryBytes = registryBytes,
        WanBytes = registryBytes / 2,
        SlotUtilization = 0.456,
        PodsPerNode = podsPerNode ?? [2, 2],
        WallSeconds = 60,
    };

    /// <summary>agnostic 4 s, image-k8s 2 s, layer 1.6 s, layercache 1 s; predictions for all but layer.</summary>
    public static IReadOnlyList<PolicyResult> FourPolicies() =>
    [
        Measured("agnostic", 4, registryBytes: 1_500_000_000),
        Measured("image-k8s", 2, registryBytes: 800_000_000),
        Measured("layer", 1.6, registryBytes: 600_000_000),
        Measured("layercache", 1, registryBytes: 250_000_000, podsPerNode: [1, 3]),
    ];

    public static IReadOnlyList<SimulatedResult> Predictions() =>
    [
        new("agnostic", 3.6, 3, 7, 11, 1_400_000_000),
        new("image-k8s", 2.2, 2, 4, 6, 790_000_000),
        new("layercache", 0.93, 0.8, 1.9, 2.9, 240_000_000),
    ];
}
