using LayerCache.Core.Costs;
using LayerCache.Core.Prefetch;
using LayerCache.Simulator.Engine;
using LayerCache.Simulator.Experiments;

namespace LayerCache.Simulator;

/// <summary>The command line of <c>layercache-sim</c>. Every setting of the paper's model is an option.</summary>
public sealed record SimulatorOptions
{
    public const string Usage = """
        layercache-sim: a trace-driven cluster simulator for LayerCache's placement, eviction and prefetch policies.

        usage: layercache-sim [options]

          --corpus FILE          corpus, one JSON image a line (default benchmarks/data/dockerhub-official-2019.jsonl)
          --synthesize N         grow the corpus to N images the way Docker Hub grows (default: use it as it is)
          --mode paper|layercache|site  paper: Agnostic, Image, Layer as Fu et al.; layercache: adds prefetch, LayerCache
                                 scoring and each eviction policy; site: agnostic, spegel, layer, layercache and
                                 layercache+peer, for sites with peer fetch (default paper)
          --policies a,b,..      these policies instead of a mode's, by name from any mode
                                 (e.g. agnostic,spegel,layer,layercache,layercache+peer)
          --sweep nodes|storage|rate  run the mode at several values of one setting
          --sweep-values A,B,..  the values to sweep (defaults: nodes 100,150,200,250,300; storage 8,16,32,64,128;
                                 rate 50,75,100,125,150)
          --csv FILE             write the results as CSV
          --chart FILE.svg       write a chart comparing the policies
          --seed N               seed of the corpus, the trace and the tie-breaks (default 1)
          --nodes N              nodes (default 200)
          --storage-gb X         image storage per node, in units of 1.024e9 bytes (default 32)
          --slots N              container slots per node (default 16)
          --rate R               requests per second, Poisson (default 125)
          --duration S           seconds of arrivals (default 1000)
          --run-min S, --run-max S  task run time, uniform (default 1 and 10)
          --zipf A               Zipf exponent of image popularity by pull rank (default 0.75)
          --high-watermark P, --low-watermark P  eviction starts above P% and stops at P% (default 90 and 90)
          --plan-interval S      seconds between prefetch planning rounds (default 5)
          --half-life S          half-life of decayed popularity, seconds (default 300)
          --site-nodes N         nodes per edge site (default 0: one site of every node)
          --wan-mbit X           each site's uplink to the registry, Mbit/s, shared fairly by its nodes' downloads, with a
                                 bandwidth cost model instead of the paper's per-layer time (default: the paper's model)
          --lan-mbit X           each node's port on its site's LAN, Mbit/s, for peer fetch (default 1000)
          --request-ms X         with --wan-mbit: latency of one layer's request to the registry, ms (default 118)
          --lan-request-ms X     latency of one layer's request to a peer, ms (default 10)
          --unpack-mbps X        unpack rate, MB/s, of a layer from a peer and (with --wan-mbit) from the registry
                                 (default 119; the paper's per-layer time has its own)
          --min-requests-per-replica X  decayed requests each extra copy of a layer must expect before it is
                                 prefetched (default 32)
          --parallel N           policies simulated at once (default: the number of cores)
          --markdown             print the results as a Markdown table
          --quiet                no progress lines
          --help                 this text
        """;

    public string CorpusPath { get; init; } = Path.Combine("benchmarks", "data", "dockerhub-official-2019.jsonl");

    public int? SynthesizeCount { get; init; }

    public string Mode { get; init; } = "paper";

    public string? Sweep { get; init; }

    public IReadOnlyList<double>? SweepValues { get; init; }

    public string? CsvPath { get; init; }

    public string? ChartPath { get; init; }

    public int Parallelism { get; init; } = Environment.ProcessorCount;

    public bool Quiet { get; init; }

    public bool Markdown { get; init; }

    public bool Help { get; init; }

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

    private BandwidthPullCostModel Link(double mbit, double requestMilliseconds) =>
        new(mbit * 1e6 / 8, UnpackMegabytesPerSecond * 1e6, requestMilliseconds / 1000);

    public static SimulatorOptions Parse(IReadOnlyList<string> args)
    {
        var options = new SimulatorOptions();
        var cluster = new ClusterSettings();
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{name} needs a value");
            double Number() => OptionValues.Number(name, Value());
            int Whole() => OptionValues.Whole(name, Value());
            switch (name)
            {
                case "--help" or "-h": options = options with { Help = true }; break;
                case "--quiet": options = options with { Quiet = true }; break;
                case "--markdown": options = options with { Markdown = true }; break;
                case "--corpus": options = options with { CorpusPath = Value() }; break;
                case "--synthesize": options = options with { SynthesizeCount = Whole() }; break;
                case "--mode": options = options with { Mode = OptionValues.OneOf(name, Value(), "paper", "layercache", "site") }; break;
                case "--policies": options = options with { Policies = Value().Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) }; break;
                case "--site-nodes": cluster = cluster with { NodesPerSite = Whole() }; break;
                case "--wan-mbit": options = options with { WanMbit = Number() }; break;
                case "--lan-mbit": options = options with { LanMbit = Number() }; break;
                case "--request-ms": options = options with { RequestMilliseconds = Number() }; break;
                case "--lan-request-ms": options = options with { LanRequestMilliseconds = Number() }; break;
                case "--unpack-mbps": options = options with { UnpackMegabytesPerSecond = Number() }; break;
                case "--sweep": options = options with { Sweep = OptionValues.OneOf(name, Value(), "nodes", "storage", "rate") }; break;
                case "--sweep-values": options = options with { SweepValues = Value().Split(',').Select(v => OptionValues.Number(name, v)).ToList() }; break;
                case "--csv": options = options with { CsvPath = Value() }; break;
                case "--chart": options = options with { ChartPath = Value() }; break;
                case "--parallel": options = options with { Parallelism = Whole() }; break;
                case "--seed": cluster = cluster with { Seed = Whole() }; break;
                case "--nodes": cluster = cluster with { Nodes = Whole() }; break;
                case "--storage-gb": cluster = cluster with { StorageGigabytes = Number() }; break;
                case "--slots": cluster = cluster with { SlotsPerNode = Whole() }; break;
                case "--rate": cluster = cluster with { RequestsPerSecond = Number() }; break;
                case "--duration": cluster = cluster with { DurationSeconds = Number() }; break;
                case "--run-min": cluster = cluster with { RunMinSeconds = Number() }; break;
                case "--run-max": cluster = cluster with { RunMaxSeconds = Number() }; break;
                case "--zipf": cluster = cluster with { ZipfExponent = Number() }; break;
                case "--high-watermark": cluster = cluster with { HighWatermarkPercent = Number() }; break;
                case "--low-watermark": cluster = cluster with { LowWatermarkPercent = Number() }; break;
                case "--plan-interval": cluster = cluster with { PlanIntervalSeconds = Number() }; break;
                case "--half-life": cluster = cluster with { PopularityHalfLifeSeconds = Number() }; break;
                case "--min-requests-per-replica": options = options with { Prefetch = options.Prefetch with { MinRequestsPerReplica = Number() } }; break;
                default: throw new ArgumentException($"unknown option '{name}' (see --help)");
            }
        }

        if (options.SynthesizeCount is < 1)
        {
            throw new ArgumentException("--synthesize must be at least 1");
        }

        if (options.Parallelism < 1)
        {
            throw new ArgumentException("--parallel must be at least 1");
        }

        if (options.SweepValues is not null && options.Sweep is null)
        {
            throw new ArgumentException("--sweep-values needs --sweep");
        }

        if (options.ChartPath is { } chart && !chart.EndsWith(".svg", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException("--chart writes SVG: give a path ending in .svg");
        }

        if (options.Prefetch.MinRequestsPerReplica < 0)
        {
            throw new ArgumentException("--min-requests-per-replica must be >= 0");
        }

        if (options.WanMbit is <= 0 || options.LanMbit <= 0 || options.UnpackMegabytesPerSecond <= 0)
        {
            throw new ArgumentException("--wan-mbit, --lan-mbit and --unpack-mbps must be positive");
        }

        if (options.RequestMilliseconds < 0 || options.LanRequestMilliseconds < 0)
        {
            throw new ArgumentException("--request-ms and --lan-request-ms must be >= 0");
        }

        // Checks the names.
        _ = options.Setups();

        // A site's uplink is shared by its nodes.
        return options with { Cluster = (cluster with { SharedUplink = options.WanMbit is not null }).Validate() };
    }
}
