using LayerCache.Core.Costs;
using LayerCache.Core.Prefetch;
using LayerCache.Simulator.Engine;
using LayerCache.Simulator.Experiments;

namespace LayerCache.Simulator;

/// <summary>What <c>layercache-sim</c> runs, as its command line (<see cref="SimulatorCommandLine"/>) gave it.</summary>
public sealed record SimulatorOptions
{
    public string CorpusPath { get; init; } = Path.Combine("benchmarks", "data", "dockerhub-official-2019.jsonl");

    public int? SynthesizeCount { get; init; }

    public string Mode { get; init; } = "paper";

    public string? Sweep { get; init; }

    public IReadOnlyList<double>? SweepValues { get; init; }

    public string? CsvPath { get; init; }

    public string? ChartPath { get; init; }

    public int Parallelism { get; init; } = Environment.ProcessorCount;

    public bool Quiet { get; init; }

    /// <summary>Seconds of wall time between a simulation's progress lines.</summary>
    public double ProgressSeconds { get; init; } = 5;

    public bool Markdown { get; init; }

    /// <summary>Also what one pooled cache of the cluster's storage would pull under each of <see cref="PooledRule"/>'s rules.</summary>
    public bool PooledBounds { get; init; }

    public ClusterSettings Cluster { get; init; } = new();

    public PrefetchPlannerOptions Prefetch { get; init; } = new();

    /// <summary>The policies named by --policies, instead of the mode's.</summary>
    public IReadOnlyList<string>? Policies { get; init; }

    /// <summary>Each site's uplink; null for the paper's per-layer time on a link per node.</summary>
    public double? WanMbit { get; init; }

    public double LanMbit { get; init; } = 1000;

    public double RequestMilliseconds { get; init; } = 118;

    public double LanRequestMilliseconds { get; init; } = 10;

    public double UnpackMegabytesPerSecond { get; init; } = 119;

    /// <summary>The policies to run: those named by --policies, else the mode's.</summary>
    public IReadOnlyList<PolicySetup> Setups() =>
        Policies is { } names ? PolicySets.Named(names, Prefetch) : PolicySets.ForMode(Mode, Prefetch);

    /// <summary>
    /// The registry's price beside the LAN's: with --wan-mbit the site's shared uplink, else the paper's per-layer time on
    /// a link per node. The LAN is priced only where a policy fetches from peers.
    /// </summary>
    public PullCostModel PullCost()
    {
        PullCostModel registry = WanMbit is { } wan ? Link(wan, RequestMilliseconds) : PaperPullCostModel.Instance;
        return WanMbit is not null || Setups().Any(s => s.PeerFetch) ? new SitePullCostModel(registry, Link(LanMbit, LanRequestMilliseconds)) : registry;
    }

    /// <summary>The options <paramref name="args"/> give (see <see cref="SimulatorCommandLine"/>); a bad one throws its one line.</summary>
    public static SimulatorOptions Parse(IReadOnlyList<string> args) => SimulatorCommandLine.Parse(args);

    /// <summary>This, if its options go together; else the first that does not, as one line.</summary>
    public SimulatorOptions Validate()
    {
        if (SynthesizeCount is < 1)
        {
            throw new ArgumentException("--synthesize must be at least 1");
        }

        if (!(ProgressSeconds > 0))
        {
            throw new ArgumentException("--progress-seconds must be positive");
        }

        if (Parallelism < 1)
        {
            throw new ArgumentException("--parallel must be at least 1");
        }

        if (SweepValues is not null && Sweep is null)
        {
            throw new ArgumentException("--sweep-values needs --sweep");
        }

        if (ChartPath is { } chart && !chart.EndsWith(".svg", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException("--chart writes SVG: give a path ending in .svg");
        }

        if (Prefetch.MinRequestsPerReplica < 0)
        {
            throw new ArgumentException("--min-requests-per-replica must be >= 0");
        }

        if (!(Prefetch.UnpackedToCompressedRatio >= 0) || !(Prefetch.MinImageRequestsPerNode >= 0))
        {
            throw new ArgumentException("--unpacked-ratio and --min-image-requests-per-node must be >= 0");
        }

        if (WanMbit is <= 0 || LanMbit <= 0 || UnpackMegabytesPerSecond <= 0)
        {
            throw new ArgumentException("--wan-mbit, --lan-mbit and --unpack-mbps must be positive");
        }

        if (RequestMilliseconds < 0 || LanRequestMilliseconds < 0)
        {
            throw new ArgumentException("--request-ms and --lan-request-ms must be >= 0");
        }

        // Checks the names.
        _ = Setups();

        // A site's uplink is shared by its nodes.
        return this with { Cluster = (Cluster with { SharedUplink = WanMbit is not null }).Validate() };
    }

    private BandwidthPullCostModel Link(double mbit, double requestMilliseconds) =>
        new(mbit * 1e6 / 8, UnpackMegabytesPerSecond * 1e6, requestMilliseconds / 1000);
}
