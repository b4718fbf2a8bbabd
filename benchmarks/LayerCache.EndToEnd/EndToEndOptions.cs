using LayerCache.Core.Prefetch;
using LayerCache.EndToEnd.Runs;
using LayerCache.EndToEnd.Site;
using LayerCache.Simulator;

namespace LayerCache.EndToEnd;

/// <summary>What <c>layercache-e2e</c> runs, as its command line (<see cref="EndToEndCommandLine"/>) gave it.</summary>
internal sealed record EndToEndOptions
{
    public SiteSettings Site { get; init; } = new();

    public int SlotsPerNode { get; init; } = 8;

    public double? StorageMegabytes { get; init; }

    public string CorpusPath { get; init; } = Path.Combine("benchmarks", "data", "dockerhub-official-2019.jsonl");

    public int SynthesizeCount { get; init; } = 400;

    public double SizeScale { get; init; } = 0.02;

    public int Pods { get; init; } = 100;

    public double RequestsPerSecond { get; init; } = 1;

    public double RunMinSeconds { get; init; } = 5;

    public double RunMaxSeconds { get; init; } = 15;

    public double ZipfExponent { get; init; } = 0.75;

    public int Seed { get; init; } = 1;

    public IReadOnlyList<PolicyKind> Policies { get; init; } = PolicyKinds.All;

    public int Weight { get; init; } = 5;

    public IReadOnlyList<int>? SweepWeights { get; init; }

    public string Eviction { get; init; } = "clusteraware";

    /// <summary>The simulator's nodes evict by what the cluster knows (true) or by what the shipped agent knows (false).</summary>
    public bool SimNodeEvictionSeesCluster { get; init; }

    /// <summary>What the simulator takes a layer's request to a peer to cost; nothing measures it until the agents serve peers.</summary>
    public double SimLanRequestMilliseconds { get; init; } = 10;

    /// <summary>The site's LAN as the simulator prices a fetch from a neighbour.</summary>
    public PeerLink PeerLink => new(Site.LanMbit * 1e6 / 8, SimLanRequestMilliseconds / 1000);

    public double PlanIntervalSeconds { get; init; } = 2;

    public double MinRequestsPerReplica { get; init; } = 16;

    /// <summary>The planner's bar for unpacking an image ahead on a node (layercache+unpack): its expected requests there.</summary>
    public double MinImageRequestsPerNode { get; init; } = new PrefetchPlannerOptions().MinImageRequestsPerNode;

    /// <summary>The prefetch planner's settings as this run gives them, to the coordinator and to the simulator alike.</summary>
    public PrefetchPlannerOptions PlannerOptions => new() { MinRequestsPerReplica = MinRequestsPerReplica, MinImageRequestsPerNode = MinImageRequestsPerNode };

    public string? CsvPath { get; init; }

    public string? ChartPath { get; init; }

    public bool Markdown { get; init; }

    public bool Quiet { get; init; }

    /// <summary>Audit each placement: what the node held against what the coordinator's view said (see <see cref="Workload.PullAudit"/>).</summary>
    public bool AuditPulls { get; init; }

    public bool Cleanup { get; init; }

    public bool SimulateOnly { get; init; }

    /// <summary>The link a --simulate-only run assumes; a real run measures its own.</summary>
    public LinkCalibration Calibration { get; init; } = new(95e6 / 8, 0.118, 119e6);

    /// <summary>The container start a --simulate-only run adds to every start-up; a real run measures its own.</summary>
    public double ContainerStartSeconds { get; init; } = 0.12;

    /// <summary>The paper's 32 GB a node, scaled as the layers are, unless given.</summary>
    public long StorageBytes => (long)((StorageMegabytes * 1e6) ?? (32 * 1.024e9 * SizeScale));

    /// <summary>The options <paramref name="args"/> give (see <see cref="EndToEndCommandLine"/>); a bad one throws its one line.</summary>
    public static EndToEndOptions Parse(IReadOnlyList<string> args) => EndToEndCommandLine.Parse(args);

    /// <summary>These options with the link and container start that <paramref name="value"/> gives in the units of --calibration.</summary>
    public EndToEndOptions WithCalibration(string name, string value)
    {
        var parts = value.Split(',');
        if (parts.Length != 4)
        {
            throw new ArgumentException($"{name} takes four numbers: uplink Mbit/s, ms a request, unpack MB/s, container start ms; got '{value}'");
        }

        var n = parts.Select(p => OptionValues.Number(name, p)).ToArray();
        if (n[0] <= 0 || n[1] < 0 || n[2] <= 0 || n[3] < 0)
        {
            throw new ArgumentException($"{name}: the uplink and unpack rates must be positive and the times at least 0; got '{value}'");
        }

        return this with
        {
            Calibration = new LinkCalibration(n[0] * 1e6 / 8, n[1] / 1000, n[2] * 1e6),
            ContainerStartSeconds = n[3] / 1000,
        };
    }

    public EndToEndOptions Validate()
    {
        Site.Validate();
        Check(SlotsPerNode >= 1, "--slots must be at least 1");
        Check(StorageMegabytes is null or > 0, "--storage-mb must be positive");
        Check(SynthesizeCount >= 1, "--synthesize must be at least 1");
        Check(SizeScale is > 0 and <= 1, "--size-scale must be in (0, 1]");
        Check(Pods >= 1, "--pods must be at least 1");
        Check(RequestsPerSecond > 0, "--rate must be positive");
        Check(RunMinSeconds >= 0 && RunMaxSeconds >= RunMinSeconds, "--run-min and --run-max must satisfy 0 <= min <= max");
        Check(ZipfExponent >= 0, "--zipf must be >= 0");
        Check(Policies.Count > 0, "--policies names none");
        Check(Weight >= 1, "--weight must be at least 1");
        Check(SweepWeights is null || (SweepWeights.Count > 0 && SweepWeights.All(w => w >= 1)), "--sweep-weights must be whole numbers >= 1");
        Check(PlanIntervalSeconds > 0, "--plan-interval must be positive");
        Check(SimLanRequestMilliseconds >= 0, "--sim-lan-request-ms must be >= 0");
        Check(MinRequestsPerReplica >= 0, "--min-requests-per-replica must be >= 0");
        Check(MinImageRequestsPerNode >= 0, "--min-image-requests-per-node must be >= 0");
        Check(ChartPath is null || ChartPath.EndsWith(".svg", StringComparison.OrdinalIgnoreCase), "--chart writes SVG: give a path ending in .svg");
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
