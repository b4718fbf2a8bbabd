using LayerCache.EndToEnd.Runs;
using LayerCache.EndToEnd.Site;
using LayerCache.Simulator;

namespace LayerCache.EndToEnd;

/// <summary>
/// The command line of <c>layercache-e2e</c>. Every number of the site, the images and the workload is an option.
/// To add one: 1. a property with its unit in the name and a default; 2. a line in <see cref="Usage"/>; 3. its case
/// in <see cref="Parse"/> and a check in <see cref="Validate"/>; 4. its use; 5. a line in docs/e2e.md.
/// </summary>
internal sealed record EndToEndOptions
{
    public const string Usage = """
        layercache-e2e: an edge site of real nodes on this machine (network namespaces, a bridge, a shaped uplink,
        real containerd, docker-registry, Redis, agents and coordinator), one pod trace replayed under each placement
        policy on fresh nodes, and the simulator's prediction of the same run beside the measurement. Run as root.

        usage: layercache-e2e [options]
               layercache-e2e --cleanup        remove what a killed run left behind, then exit

        site
          --nodes N              nodes (default 4)
          --slots N              pod slots per node (default 8)
          --wan shared|per-node  one uplink shared by the site, or one per node as in the paper (default shared)
          --wan-mbit X           uplink bandwidth, Mbit/s (default 100)
          --wan-delay-ms X       uplink one-way delay toward the site, ms (default 20)
          --lan-mbit X           LAN bandwidth per node, Mbit/s (default 1000)
          --storage-mb X         image cache budget per node, MB (default: 32 GB scaled by --size-scale)
        images
          --corpus FILE          corpus, one JSON image a line (default benchmarks/data/dockerhub-official-2019.jsonl)
          --synthesize N         grow the corpus to N images as the simulator does (default 400)
          --size-scale X         layer sizes are the corpus's times X (default 0.02)
        workload
          --pods N               pod starts (default 100)
          --rate R               pod arrivals per second, Poisson (default 1)
          --run-min S, --run-max S  how long a pod runs once started, uniform (default 5 and 15)
          --zipf A               Zipf exponent of image popularity by pull rank (default 0.75)
          --seed N               seed of the corpus, the images, the trace and the tie-breaks (default 1)
        policies
          --policies a,b,..      agnostic, image-k8s, layer, layercache (default all four); with --simulate-only also
                                 spegel and layercache+peer (peer fetch inside the site, predicted only)
          --weight N             the extender's weight in kube-scheduler's sum (default 5)
          --sweep-weights A,B,.. run layercache once per weight instead (e.g. 1,2,5,10)
          --eviction P           layercache's eviction policy: lru, lfu, gdsf, clusteraware (default clusteraware)
          --sim-node-eviction node|cluster  what the simulator's nodes evict by: the requests each node saw, as the
                         shipped agent does (default), or the cluster's popularity and holders, as designed
          --sim-lan-request-ms X the simulator's latency of one layer's request to a peer, ms (default 10; assumed)
          --plan-interval S      seconds between the planner's rounds (default 2)
          --min-requests-per-replica X  the planner's bar for one more copy of a layer (default 16)
        output
          --csv FILE             results as CSV
          --chart FILE.svg       chart of measured and simulated start-up
          --markdown             print the tables as Markdown
          --simulate-only        no site: the simulator's prediction alone, in seconds, without root
          --calibration B,R,U,S  for --simulate-only: uplink Mbit/s, ms a request, unpack MB/s, container start ms
                                 (default 95,118,119,120, as measured in docs/e2e.md)
          --audit-pulls          check each pod's node against the coordinator's view as it is placed, and log
                                 what the view listed that the node no longer held (costs each pod a few ms)
          --quiet                no progress display
          --help                 this text
        """;

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

    public string? CsvPath { get; init; }

    public string? ChartPath { get; init; }

    public bool Markdown { get; init; }

    public bool Quiet { get; init; }

    /// <summary>Audit each placement: what the node held against what the coordinator's view said (see <see cref="Workload.PullAudit"/>).</summary>
    public bool AuditPulls { get; init; }

    public bool Help { get; init; }

    public bool Cleanup { get; init; }

    public bool SimulateOnly { get; init; }

    /// <summary>The link a --simulate-only run assumes; a real run measures its own.</summary>
    public LinkCalibration Calibration { get; init; } = new(95e6 / 8, 0.118, 119e6);

    /// <summary>The container start a --simulate-only run adds to every start-up; a real run measures its own.</summary>
    public double ContainerStartSeconds { get; init; } = 0.12;

    /// <summary>The paper's 32 GB a node, scaled as the layers are, unless given.</summary>
    public long StorageBytes => (long)((StorageMegabytes * 1e6) ?? (32 * 1.024e9 * SizeScale));

    public static EndToEndOptions Parse(IReadOnlyList<string> args)
    {
        var options = new EndToEndOptions();
        var site = new SiteSettings();
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{name} needs a value");
            double Number() => OptionValues.Number(name, Value());
            int Whole() => OptionValues.Whole(name, Value());
            switch (name)
            {
                case "--help" or "-h": options = options with { Help = true }; break;
                case "--cleanup": options = options with { Cleanup = true }; break;
                case "--simulate-only": options = options with { SimulateOnly = true }; break;
                case "--calibration": options = ParseCalibration(options, name, Value()); break;
                case "--quiet": options = options with { Quiet = true }; break;
                case "--audit-pulls": options = options with { AuditPulls = true }; break;
                case "--markdown": options = options with { Markdown = true }; break;
                case "--nodes": site = site with { Nodes = Whole() }; break;
                case "--wan": site = site with { Wan = Value() switch { "shared" => WanMode.Shared, "per-node" => WanMode.PerNode, var v => throw new ArgumentException($"--wan must be shared or per-node; got '{v}'") } }; break;
                case "--wan-mbit": site = site with { WanMbit = Whole() }; break;
                case "--wan-delay-ms": site = site with { WanDelayMs = Whole() }; break;
                case "--lan-mbit": site = site with { LanMbit = Whole() }; break;
                case "--slots": options = options with { SlotsPerNode = Whole() }; break;
                case "--storage-mb": options = options with { StorageMegabytes = Number() }; break;
                case "--corpus": options = options with { CorpusPath = Value() }; break;
                case "--synthesize": options = options with { SynthesizeCount = Whole() }; break;
                case "--size-scale": options = options with { SizeScale = Number() }; break;
                case "--pods": options = options with { Pods = Whole() }; break;
                case "--rate": options = options with { RequestsPerSecond = Number() }; break;
                case "--run-min": options = options with { RunMinSeconds = Number() }; break;
                case "--run-max": options = options with { RunMaxSeconds = Number() }; break;
                case "--zipf": options = options with { ZipfExponent = Number() }; break;
                case "--seed": options = options with { Seed = Whole() }; break;
                case "--policies": options = options with { Policies = Value().Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(PolicyKinds.Parse).Distinct().ToList() }; break;
                case "--weight": options = options with { Weight = Whole() }; break;
                case "--sweep-weights": options = options with { SweepWeights = Value().Split(',').Select(v => OptionValues.Whole(name, v)).ToList() }; break;
                case "--eviction": options = options with { Eviction = OptionValues.OneOf(name, Value(), "lru", "lfu", "gdsf", "clusteraware") }; break;
                case "--sim-node-eviction": options = options with { SimNodeEvictionSeesCluster = OptionValues.OneOf(name, Value(), "node", "cluster") == "cluster" }; break;
                case "--sim-lan-request-ms": options = options with { SimLanRequestMilliseconds = Number() }; break;
                case "--plan-interval": options = options with { PlanIntervalSeconds = Number() }; break;
                case "--min-requests-per-replica": options = options with { MinRequestsPerReplica = Number() }; break;
                case "--csv": options = options with { CsvPath = Value() }; break;
                case "--chart": options = options with { ChartPath = Value() }; break;
                default: throw new ArgumentException($"unknown option '{name}' (see --help)");
            }
        }

        return (options with { Site = site }).Validate();
    }

    private static EndToEndOptions ParseCalibration(EndToEndOptions options, string name, string value)
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

        return options with
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
        Check(
            SimulateOnly || !Policies.Any(PolicyKinds.FetchesFromPeers),
            "spegel and layercache+peer are predicted only (--simulate-only): the agents do not serve layers to peers yet");
        Check(MinRequestsPerReplica >= 0, "--min-requests-per-replica must be >= 0");
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
