namespace LayerCache.Simulator.Engine;

/// <summary>
/// The simulated cluster and workload. Defaults are the paper's setup (Fu et al., HotEdge '20).
/// To add a setting: 1. a property with its unit in the name; 2. a check in <see cref="Validate"/>;
/// 3. an option in <see cref="SimulatorOptions"/>; 4. its use in the engine; 5. a line in the README's option list.
/// </summary>
public sealed record ClusterSettings
{
    /// <summary>The paper counts a gigabyte as 1.024e9 bytes.</summary>
    public const double BytesPerGigabyte = 1.024e9;

    public int Nodes { get; init; } = 200;

    public double StorageGigabytes { get; init; } = 32;

    public int SlotsPerNode { get; init; } = 16;

    public double RequestsPerSecond { get; init; } = 125;

    public double DurationSeconds { get; init; } = 1000;

    public double RunMinSeconds { get; init; } = 1;

    public double RunMaxSeconds { get; init; } = 10;

    public double ZipfExponent { get; init; } = 0.75;

    public double HighWatermarkPercent { get; init; } = 90;

    public double LowWatermarkPercent { get; init; } = 90;

    /// <summary>How often the prefetch planner runs, where a policy prefetches.</summary>
    public double PlanIntervalSeconds { get; init; } = 5;

    /// <summary>Half-life of the decayed popularity that prefetch and cluster-aware eviction read.</summary>
    public double PopularityHalfLifeSeconds { get; init; } = 300;

    public int Seed { get; init; } = 1;

    /// <summary>
    /// What a node's own eviction weighs with. True: the cluster's popularity and which other nodes hold each layer, as
    /// the design has it. False: what the shipped agent knows today, the requests its own node has seen and nothing of
    /// the other nodes (the coordinator's planner still sees the cluster).
    /// </summary>
    public bool NodeEvictionSeesCluster { get; init; } = true;

    /// <summary>
    /// Every node downloads over one link shared by its site (the end-to-end run's default) instead of a link each; it
    /// takes a bandwidth cost model (or a site model whose WAN is one), whose bandwidth is then the site's.
    /// </summary>
    public bool SharedUplink { get; init; }

    /// <summary>
    /// 0: every node is in one site. Above 0: nodes form sites of this many (the last may be smaller), each with an
    /// uplink of its own where <see cref="SharedUplink"/> is set; policies with peer fetch take a layer from a node of
    /// the same site over the LAN where one holds it.
    /// </summary>
    public int NodesPerSite { get; init; }

    /// <summary>
    /// 0: the policy's scorer alone places pods (the paper's model). Above 0: pods are placed as kube-scheduler with the
    /// extender configured at this weight places them (the end-to-end run's driver): least-allocated, plus the policy's
    /// part as its <see cref="PolicySetup.Role"/> says.
    /// </summary>
    public int ExtenderWeight { get; init; }

    /// <summary>
    /// Seconds from a pod's last layer being ready to its container running, added to every start-up (0: the paper's
    /// model, which counts pulls only).
    /// </summary>
    public double ContainerStartSeconds { get; init; }

    /// <summary>
    /// kube-scheduler's percentageOfNodesToScore: 100 scores every feasible node (the paper's model); below, a pod is
    /// scored on the feasible nodes a rotating window finds (<see cref="NodeSampling"/>), as kube-scheduler scores them
    /// and calls its extenders with them; 0 is kube-scheduler's adaptive default.
    /// </summary>
    public int NodesToScorePercent { get; init; } = 100;

    /// <summary>
    /// With sampling, a scorer that reads layer holdings also scores the feasible nodes outside the window that hold
    /// any of the pod's layers (from the holder index), as if it could name nodes kube-scheduler did not find.
    /// </summary>
    public bool ScoreHoldersOutsideWindow { get; init; }

    public int Sites => NodesPerSite == 0 ? 1 : (Nodes + NodesPerSite - 1) / NodesPerSite;

    public long StorageBytes => (long)(StorageGigabytes * BytesPerGigabyte);

    public ClusterSettings Validate()
    {
        Check(Nodes >= 1, "--nodes must be at least 1");
        Check(StorageGigabytes > 0, "--storage-gb must be positive");
        Check(SlotsPerNode >= 1, "--slots must be at least 1");
        Check(RequestsPerSecond > 0, "--rate must be positive");
        Check(DurationSeconds > 0, "--duration must be positive");
        Check(RunMinSeconds >= 0 && RunMaxSeconds >= RunMinSeconds, "--run-min and --run-max must satisfy 0 <= min <= max");
        Check(ZipfExponent >= 0, "--zipf must be >= 0");
        Check(
            LowWatermarkPercent is > 0 and <= 100 && HighWatermarkPercent is > 0 and <= 100 && LowWatermarkPercent <= HighWatermarkPercent,
            "--low-watermark and --high-watermark must satisfy 0 < low <= high <= 100");
        Check(PlanIntervalSeconds > 0, "--plan-interval must be positive");
        Check(PopularityHalfLifeSeconds > 0, "--half-life must be positive");
        Check(NodesPerSite >= 0, "--site-nodes must be >= 0");
        Check(ExtenderWeight >= 0, "the extender's weight must be >= 0");
        Check(NodesToScorePercent is >= 0 and <= 100, "--nodes-to-score-percent must be 0 (adaptive) to 100");
        Check(ContainerStartSeconds >= 0 && double.IsFinite(ContainerStartSeconds), "--start-ms must be >= 0");
        return this;
    }

    private static void Check(bool condition, string message)
    {
        if (!condition)
        {
            throw new ArgumentException(message);
        }
    }
}
