using System.CommandLine;
using System.Net;
using LayerCache.EndToEnd.Runs;
using LayerCache.EndToEnd.Site;
using LayerCache.Hosting.Commands;
using LayerCache.Simulator;
using static LayerCache.Simulator.OptionValues;

namespace LayerCache.EndToEnd;

/// <summary>
/// The command line of <c>layercache-e2e</c>. Every number of the site, the images and the workload is an option.
/// To add one: 1. a property of <see cref="EndToEndOptions"/> with its unit in the name and a default; 2. its option
/// here, read in <see cref="Read"/>; 3. a check in <see cref="EndToEndOptions.Validate"/>; 4. its use; 5. a line in docs/e2e.md.
/// </summary>
internal sealed class EndToEndCommandLine
{
    private const string Description = """
        layercache-e2e: an edge site of real nodes on this machine (network namespaces, a bridge, a shaped uplink,
        real containerd, docker-registry, Redis, agents and coordinator), one pod trace replayed under each placement
        policy on fresh nodes, and the simulator's prediction of the same run beside the measurement. Run as root.
        Ctrl-C or SIGTERM stops a run through its teardown (exit code 130).
        """;

    private static readonly EndToEndOptions Defaults = new();

    private readonly Option<bool> _cleanup = Flag("--cleanup", "remove what a killed run left behind, then exit");

    // The site.
    private readonly Option<int> _nodes = Whole("--nodes", "nodes", Defaults.Site.Nodes);
    private readonly Option<int> _slots = Whole("--slots", "pod slots per node", Defaults.SlotsPerNode);
    private readonly Option<string> _wan = OneOf("--wan", "one uplink shared by the site, or one per node as in the paper", "shared", "shared", "per-node");
    private readonly Option<int> _wanMbit = Whole("--wan-mbit", "uplink bandwidth, Mbit/s", Defaults.Site.WanMbit);
    private readonly Option<int> _wanDelay = Whole("--wan-delay-ms", "uplink one-way delay toward the site, ms", Defaults.Site.WanDelayMs);
    private readonly Option<int> _lanMbit = Whole("--lan-mbit", "LAN bandwidth per node, Mbit/s", Defaults.Site.LanMbit);
    private readonly Option<double?> _storage = OptionalNumber("--storage-mb", "image cache budget per node, MB (default: 32 GB scaled by --size-scale)");

    // The images.
    private readonly Option<string?> _corpus = Text("--corpus", "corpus, one JSON image a line (default benchmarks/data/dockerhub-official-2019.jsonl)", "FILE");
    private readonly Option<int> _synthesize = Whole("--synthesize", "grow the corpus to N images as the simulator does", Defaults.SynthesizeCount);
    private readonly Option<double> _sizeScale = Number("--size-scale", "layer sizes are the corpus's times X", Defaults.SizeScale);

    // The workload.
    private readonly Option<int> _pods = Whole("--pods", "pod starts", Defaults.Pods);
    private readonly Option<double> _rate = Number("--rate", "pod arrivals per second, Poisson", Defaults.RequestsPerSecond);
    private readonly Option<double> _runMin = Number("--run-min", "how long a pod runs once started, uniform: shortest, seconds", Defaults.RunMinSeconds);
    private readonly Option<double> _runMax = Number("--run-max", "how long a pod runs once started, uniform: longest, seconds", Defaults.RunMaxSeconds);
    private readonly Option<double> _zipf = Number("--zipf", "Zipf exponent of image popularity by pull rank", Defaults.ZipfExponent);
    private readonly Option<int> _seed = Whole("--seed", "seed of the corpus, the images, the trace and the tie-breaks", Defaults.Seed);

    // The policies.
    private readonly Option<IReadOnlyList<PolicyKind>?> _policies = ListOf("--policies", "agnostic, image-k8s, layer, layercache (default all four), spegel and layercache+peer (the nodes fetch layers from one another over the LAN), layercache+unpack (the planner has images unpacked ahead)", "a,b,..", v => PolicyKinds.Parse(v.Trim()));
    private readonly Option<int> _weight = Whole("--weight", "the extender's weight in kube-scheduler's sum", Defaults.Weight);
    private readonly Option<IReadOnlyList<int>?> _sweepWeights = ListOf("--sweep-weights", "run layercache once per weight instead (e.g. 1,2,5,10)", "A,B,..", v => OptionValues.Whole("--sweep-weights", v));
    private readonly Option<string> _eviction = OneOf("--eviction", "layercache's eviction policy", Defaults.Eviction, "lru", "lfu", "gdsf", "clusteraware");
    private readonly Option<string> _simNodeEviction = OneOf("--sim-node-eviction", "what the simulator's nodes evict by: the requests each node saw, as the shipped agent does, or the cluster's popularity and holders, as designed", "node", "node", "cluster");
    private readonly Option<double> _simLanRequest = Number("--sim-lan-request-ms", "the simulator's latency of one layer's request to a peer, ms (assumed)", Defaults.SimLanRequestMilliseconds);
    private readonly Option<double> _planInterval = Number("--plan-interval", "seconds between the planner's rounds", Defaults.PlanIntervalSeconds);
    private readonly Option<double> _minRequests = Number("--min-requests-per-replica", "the planner's bar for one more copy of a layer", Defaults.MinRequestsPerReplica);
    private readonly Option<double> _minImageRequests = Number(
        "--min-image-requests-per-node", "the planner's bar for unpacking an image ahead on a node (layercache+unpack)", Defaults.MinImageRequestsPerNode);

    // The output.
    private readonly Option<string?> _csv = Text("--csv", "results as CSV", "FILE");
    private readonly Option<string?> _chart = Text("--chart", "chart of measured and simulated start-up (SVG)", "FILE.svg");
    private readonly Option<bool> _markdown = Flag("--markdown", "print the tables as Markdown");
    private readonly Option<bool> _simulateOnly = Flag("--simulate-only", "no site: the simulator's prediction alone, in seconds, without root");
    private readonly Option<string?> _calibration = Text("--calibration", "for --simulate-only: uplink Mbit/s, ms a request, unpack MB/s, container start ms (default 95,118,119,120, as measured in docs/e2e.md)", "B,R,U,S");
    private readonly Option<bool> _auditPulls = Flag("--audit-pulls", "check each pod's node against the coordinator's view as it is placed, and log what the view listed that the node no longer held (costs each pod a few ms)");
    private readonly Option<bool> _quiet = Flag("--quiet", "no progress display");

    /// <summary>
    /// The root command: <paramref name="run"/> runs what the options say; the hidden <c>relay</c> and <c>site-hold</c>
    /// are the uplink's delay relay (run inside the cloud namespace) and a bare site the tests kill.
    /// </summary>
    public RootCommand Create(Func<EndToEndOptions, CancellationToken, Task<int>> run, Command relay, Command siteHold)
    {
        var root = ExecutableCommand.Create("layercache-e2e", Description, typeof(EndToEndCommandLine));
        foreach (var option in (Option[])[_cleanup, _nodes, _slots, _wan, _wanMbit, _wanDelay, _lanMbit, _storage, _corpus, _synthesize, _sizeScale, _pods, _rate, _runMin, _runMax, _zipf, _seed, _policies, _weight, _sweepWeights, _eviction, _simNodeEviction, _simLanRequest, _planInterval, _minRequests, _minImageRequests, _csv, _chart, _markdown, _simulateOnly, _calibration, _auditPulls, _quiet])
        {
            root.Options.Add(option);
        }

        root.SetAction((result, cancellationToken) => run(Read(result), cancellationToken));
        root.Subcommands.Add(relay);
        root.Subcommands.Add(siteHold);
        return root;
    }

    /// <summary>The options <paramref name="args"/> give; a usage error or a bad combination throws its one line.</summary>
    public static EndToEndOptions Parse(IReadOnlyList<string> args)
    {
        var commandLine = new EndToEndCommandLine();
        var result = ExecutableCommand.Parse(commandLine.Create((_, _) => Task.FromResult(0), new Command("relay"), new Command("site-hold")), args);
        return ExecutableCommand.UsageError(result) is { } error ? throw new ArgumentException(error) : commandLine.Read(result);
    }

    /// <summary><c>relay --listen ADDR:PORT --to ADDR:PORT --delay-ms N</c>, hidden: the harness starts it.</summary>
    public static Command Relay(Func<IPEndPoint, IPEndPoint, int, CancellationToken, Task<int>> run)
    {
        var listen = EndPoint("--listen", "where the relay listens");
        var to = EndPoint("--to", "where it relays to");
        var delay = new Option<int>("--delay-ms")
        {
            Description = "delay added to what comes back, ms",
            Required = true,
            CustomParser = result => WholeNumber.AtLeast(result, "--delay-ms", 0),
        };
        var command = new Command("relay", "the uplink's delay relay") { Hidden = true, Options = { listen, to, delay } };
        command.SetAction((result, cancellationToken) => run(result.GetValue(listen)!, result.GetValue(to)!, result.GetValue(delay), cancellationToken));
        return command;
    }

    /// <summary><c>site-hold [--nodes N] [--wan shared|per-node]</c>, hidden: a live site for the tests to kill.</summary>
    public static Command SiteHold(Func<SiteSettings, CancellationToken, Task<int>> run)
    {
        var nodes = Whole("--nodes", "nodes", Defaults.Site.Nodes);
        var wan = OneOf("--wan", "one uplink shared by the site, or one per node", "shared", "shared", "per-node");
        var command = new Command("site-hold", "a site held until stopped") { Hidden = true, Options = { nodes, wan } };
        command.SetAction((result, cancellationToken) => run(
            new SiteSettings { Nodes = result.GetValue(nodes), Wan = result.GetValue(wan) == "per-node" ? WanMode.PerNode : WanMode.Shared },
            cancellationToken));
        return command;
    }

    private static Option<IPEndPoint> EndPoint(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "ADDR:PORT",
        Required = true,
        CustomParser = result =>
        {
            if (IPEndPoint.TryParse(result.Tokens.Single().Value, out var endPoint))
            {
                return endPoint;
            }

            result.AddError($"{name} needs ADDR:PORT; got '{result.Tokens.Single().Value}'");
            return null;
        },
    };

    private EndToEndOptions Read(ParseResult result)
    {
        var options = new EndToEndOptions
        {
            Cleanup = result.GetValue(_cleanup),
            Site = new SiteSettings
            {
                Nodes = result.GetValue(_nodes),
                Wan = result.GetValue(_wan) == "per-node" ? WanMode.PerNode : WanMode.Shared,
                WanMbit = result.GetValue(_wanMbit),
                WanDelayMs = result.GetValue(_wanDelay),
                LanMbit = result.GetValue(_lanMbit),
            },
            SlotsPerNode = result.GetValue(_slots),
            StorageMegabytes = result.GetValue(_storage),
            CorpusPath = result.GetValue(_corpus) ?? Defaults.CorpusPath,
            SynthesizeCount = result.GetValue(_synthesize),
            SizeScale = result.GetValue(_sizeScale),
            Pods = result.GetValue(_pods),
            RequestsPerSecond = result.GetValue(_rate),
            RunMinSeconds = result.GetValue(_runMin),
            RunMaxSeconds = result.GetValue(_runMax),
            ZipfExponent = result.GetValue(_zipf),
            Seed = result.GetValue(_seed),
            Policies = result.GetValue(_policies)?.Distinct().ToList() ?? Defaults.Policies,
            Weight = result.GetValue(_weight),
            SweepWeights = result.GetValue(_sweepWeights),
            Eviction = result.GetValue(_eviction)!,
            SimNodeEvictionSeesCluster = result.GetValue(_simNodeEviction) == "cluster",
            SimLanRequestMilliseconds = result.GetValue(_simLanRequest),
            PlanIntervalSeconds = result.GetValue(_planInterval),
            MinRequestsPerReplica = result.GetValue(_minRequests),
            MinImageRequestsPerNode = result.GetValue(_minImageRequests),
            CsvPath = result.GetValue(_csv),
            ChartPath = result.GetValue(_chart),
            Markdown = result.GetValue(_markdown),
            SimulateOnly = result.GetValue(_simulateOnly),
            AuditPulls = result.GetValue(_auditPulls),
            Quiet = result.GetValue(_quiet),
        };
        return (result.GetValue(_calibration) is { } calibration ? options.WithCalibration("--calibration", calibration) : options).Validate();
    }
}
