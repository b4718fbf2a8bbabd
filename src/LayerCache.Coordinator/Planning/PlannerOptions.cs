using LayerCache.Core.Prefetch;

namespace LayerCache.Coordinator.Planning;

/// <summary>
/// The prefetch planner's settings, bound from the <c>Planner</c> section and checked at start-up by
/// <see cref="PlannerOptionsValidator"/>. The thresholds are Core's <see cref="PrefetchPlannerOptions"/>, the same the
/// simulator measures.
/// </summary>
public sealed class PlannerOptions
{
    public const string Section = "Planner";

    /// <summary>Off: this replica answers hints but never plans (nor takes the lock).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often the leader plans, and renews its lock; keep it well under <see cref="LockExpiry"/>.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>A leader that stops renewing loses the lock after this; another replica then plans.</summary>
    public TimeSpan LockExpiry { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>The eviction policy that ranks what a prefetch may displace: Lru, Lfu, Gdsf or ClusterAware.</summary>
    public string Policy { get; set; } = "ClusterAware";

    /// <summary>An order not reported done after this is counted lost and its layers may be ordered again.</summary>
    public TimeSpan OrderTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Most popular layers read from Redis each round.</summary>
    public int CandidateLayers { get; set; } = new PrefetchPlannerOptions().CandidateLayers;

    public double MinLayerRequests { get; set; } = new PrefetchPlannerOptions().MinLayerRequests;

    public double MinRequestsPerReplica { get; set; } = new PrefetchPlannerOptions().MinRequestsPerReplica;

    public long MaxBytesPerNodePerRound { get; set; } = new PrefetchPlannerOptions().MaxBytesPerNodePerRound;

    public int MaxLayersPerNodePerRound { get; set; } = new PrefetchPlannerOptions().MaxLayersPerNodePerRound;

    /// <summary>With peer fetch: each site gets its first copy of a popular layer before any site gets another (Core's <see cref="PrefetchPlannerOptions.SeedEachSiteFirst"/>).</summary>
    public bool SeedEachSiteFirst { get; set; }

    /// <summary>
    /// Unpack ahead: a node that holds a popular image's layers as content only is ordered to unpack them into snapshots
    /// (an <c>UnpackImage</c> order), so the image's next pod there pays neither transfer nor unpack (Core's
    /// <see cref="PrefetchPlannerOptions.UnpackAhead"/>). Off: only content is prefetched.
    /// </summary>
    public bool UnpackAhead { get; set; }

    public int CandidateImages { get; set; } = new PrefetchPlannerOptions().CandidateImages;

    public double MinImageRequestsPerNode { get; set; } = new PrefetchPlannerOptions().MinImageRequestsPerNode;

    public long MaxUnpackBytesPerNodePerRound { get; set; } = new PrefetchPlannerOptions().MaxUnpackBytesPerNodePerRound;

    public double UnpackedToCompressedRatio { get; set; } = new PrefetchPlannerOptions().UnpackedToCompressedRatio;

    /// <summary>
    /// The keys orders are signed with: a directory of one file per key, named by its id (the Secret the agents mount
    /// too). Empty: orders go out unsigned, and agents that check signatures refuse them.
    /// </summary>
    public string OrderKeysDirectory { get; set; } = "";

    /// <summary>The id of the key to sign with; may be left empty when the directory holds one key.</summary>
    public string? OrderSigningKey { get; set; }

    public PrefetchPlannerOptions ToCore() => new()
    {
        CandidateLayers = CandidateLayers,
        MinLayerRequests = MinLayerRequests,
        MinRequestsPerReplica = MinRequestsPerReplica,
        MaxBytesPerNodePerRound = MaxBytesPerNodePerRound,
        MaxLayersPerNodePerRound = MaxLayersPerNodePerRound,
        SeedEachSiteFirst = SeedEachSiteFirst,
        UnpackAhead = UnpackAhead,
        CandidateImages = CandidateImages,
        MinImageRequestsPerNode = MinImageRequestsPerNode,
        MaxUnpackBytesPerNodePerRound = MaxUnpackBytesPerNodePerRound,
        UnpackedToCompressedRatio = UnpackedToCompressedRatio,
    };
}
