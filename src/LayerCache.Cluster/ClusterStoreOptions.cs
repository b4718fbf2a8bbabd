namespace LayerCache.Cluster;

/// <summary>
/// Where and how long the cluster state lives in Redis. Every key starts with <see cref="KeyPrefix"/>, so two
/// installations (or two tests) can share one Redis without seeing each other.
/// </summary>
public sealed class ClusterStoreOptions
{
    /// <summary>The first segment of every key (<c>lc:{node:a}:inv</c>).</summary>
    public string KeyPrefix { get; set; } = "lc";

    /// <summary>How long a resolved image (reference to layers) stays in the catalog.</summary>
    public TimeSpan ImageTtl { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// How long an image manifest stays in the manifest catalog after an agent last wrote it. Every agent writes the
    /// manifests of the images it holds again after half of this, so only manifests no node holds any more expire.
    /// </summary>
    public TimeSpan ManifestTtl { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Approximate length the global delta stream is trimmed to; a reader further behind resyncs.</summary>
    public int DeltaStreamMaxLength { get; set; } = 100_000;

    /// <summary>Approximate length each node's order stream is trimmed to.</summary>
    public int OrderStreamMaxLength { get; set; } = 10_000;

    /// <summary>Approximate length the global outcome stream is trimmed to.</summary>
    public int OutcomeStreamMaxLength { get; set; } = 100_000;

    /// <summary>How long a completed order id is remembered, so a redelivery is acknowledged without running again.</summary>
    public TimeSpan OrderDedupTtl { get; set; } = TimeSpan.FromDays(1);

    /// <summary>How long one pod's request for one image is remembered, so it counts once toward popularity.</summary>
    public TimeSpan PopularityDedupTtl { get; set; } = TimeSpan.FromDays(1);
}
