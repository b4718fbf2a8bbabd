using System.CommandLine;
using LayerCache.Core.Prefetch;
using LayerCache.Hosting.Commands;
using LayerCache.Simulator.Engine;
using static LayerCache.Simulator.OptionValues;

namespace LayerCache.Simulator;

/// <summary>The command line of <c>layercache-sim</c>: every setting of the paper's model is an option.</summary>
internal sealed class SimulatorCommandLine
{
    private const string Description = "layercache-sim: a trace-driven cluster simulator for LayerCache's placement, eviction and prefetch policies.";

    private static readonly ClusterSettings Cluster = new();

    private static readonly SimulatorOptions Defaults = new();

    private readonly Option<string?> _corpus = Text("--corpus", "corpus, one JSON image a line (default benchmarks/data/dockerhub-official-2019.jsonl)", "FILE");
    private readonly Option<int?> _synthesize = OptionalWhole("--synthesize", "grow the corpus to N images the way Docker Hub grows (default: use it as it is)");
    private readonly Option<string> _mode = OneOf("--mode", "paper: Agnostic, Image, Layer as Fu et al.; layercache: adds prefetch, LayerCache scoring and each eviction policy; site: agnostic, spegel, layer, layercache and layercache+peer, for sites with peer fetch", "paper", "paper", "layercache", "site");
    private readonly Option<IReadOnlyList<string>?> _policies = ListOf("--policies", "these policies instead of a mode's, by name from any mode, or layercache+unpack (e.g. agnostic,spegel,layer,layercache,layercache+peer)", "a,b,..", v => v.Trim());
    private readonly Option<string?> _sweep = OptionalOneOf("--sweep", "run the mode at several values of one setting", "nodes|storage|rate", "nodes", "storage", "rate");
    private readonly Option<IReadOnlyList<double>?> _sweepValues = ListOf("--sweep-values", "the values to sweep (defaults: nodes 100,150,200,250,300; storage 8,16,32,64,128; rate 50,75,100,125,150)", "A,B,..", v => OptionValues.Number("--sweep-values", v));
    private readonly Option<string?> _csv = Text("--csv", "write the results as CSV", "FILE");
    private readonly Option<string?> _chart = Text("--chart", "write a chart comparing the policies (SVG)", "FILE.svg");
    private readonly Option<int> _seed = Whole("--seed", "seed of the corpus, the trace and the tie-breaks", Cluster.Seed);
    private readonly Option<int> _nodes = Whole("--nodes", "nodes", Cluster.Nodes);
    private readonly Option<double> _storage = Number("--storage-gb", "image storage per node, in units of 1.024e9 bytes", Cluster.StorageGigabytes);
    private readonly Option<int> _slots = Whole("--slots", "container slots per node", Cluster.SlotsPerNode);
    private readonly Option<double> _rate = Number("--rate", "requests per second, Poisson", Cluster.RequestsPerSecond);
    private readonly Option<double> _duration = Number("--duration", "seconds of arrivals", Cluster.DurationSeconds);
    private readonly Option<double> _runMin = Number("--run-min", "task run time, uniform: shortest, seconds", Cluster.RunMinSeconds);
    private readonly Option<double> _runMax = Number("--run-max", "task run time, uniform: longest, seconds", Cluster.RunMaxSeconds);
    private readonly Option<double> _zipf = Number("--zipf", "Zipf exponent of image popularity by pull rank", Cluster.ZipfExponent);
    private readonly Option<double> _high = Number("--high-watermark", "eviction starts above this % of storage", Cluster.HighWatermarkPercent);
    private readonly Option<double> _low = Number("--low-watermark", "eviction stops at this % of storage", Cluster.LowWatermarkPercent);
    private readonly Option<double> _planInterval = Number("--plan-interval", "seconds between prefetch planning rounds", Cluster.PlanIntervalSeconds);
    private readonly Option<double> _halfLife = Number("--half-life", "half-life of decayed popularity, seconds", Cluster.PopularityHalfLifeSeconds);
    private readonly Option<int> _siteNodes = Whole("--site-nodes", "nodes per edge site (0: one site of every node)", Cluster.NodesPerSite);
    private readonly Option<double?> _wanMbit = OptionalNumber("--wan-mbit", "each site's uplink to the registry, Mbit/s, shared fairly by its nodes' downloads, with a bandwidth cost model instead of the paper's per-layer time (default: the paper's model)");
    private readonly Option<double> _lanMbit = Number("--lan-mbit", "each node's port on its site's LAN, Mbit/s, for peer fetch", Defaults.LanMbit);
    private readonly Option<double> _requestMs = Number("--request-ms", "with --wan-mbit: latency of one layer's request to the registry, ms", Defaults.RequestMilliseconds);
    private readonly Option<double> _lanRequestMs = Number("--lan-request-ms", "latency of one layer's request to a peer, ms", Defaults.LanRequestMilliseconds);
    private readonly Option<double> _unpackMbps = Number("--unpack-mbps", "unpack rate, MB/s, of a layer from a peer and (with --wan-mbit) from the registry (the paper's per-layer time has its own)", Defaults.UnpackMegabytesPerSecond);
    private readonly Option<double> _minRequests = Number("--min-requests-per-replica", "decayed requests each extra copy of a layer must expect before it is prefetched", new PrefetchPlannerOptions().MinRequestsPerReplica);
    private readonly Option<double> _startMs = Number("--start-ms", "a container's own start, ms, added to every start-up (its start column)", Cluster.ContainerStartSeconds * 1000);
    private readonly Option<double> _unpackedRatio = Number("--unpacked-ratio", "with unpack ahead: snapshot bytes per compressed layer byte, beside the blob", new PrefetchPlannerOptions().UnpackedToCompressedRatio);
    private readonly Option<double> _minImageRequests = Number("--min-image-requests-per-node", "with unpack ahead: decayed requests a node must expect for an image before it unpacks it ahead", new PrefetchPlannerOptions().MinImageRequestsPerNode);
    private readonly Option<int> _nodesToScore = Whole("--nodes-to-score-percent", "as kube-scheduler's percentageOfNodesToScore: score the feasible nodes a rotating window finds (at least 100); 0: kube-scheduler's adaptive default (50 - nodes/125, at least 5); 100: every node", Cluster.NodesToScorePercent);
    private readonly Option<bool> _holdersOutsideWindow = Flag("--score-holders-outside-window", "with sampling, layer-aware scorers also score the feasible nodes outside the window that hold the pod's layers");
    private readonly Option<int> _parallel = Whole("--parallel", "policies simulated at once; the default is this machine's number of cores", Environment.ProcessorCount);
    private readonly Option<bool> _markdown = Flag("--markdown", "print the results as a Markdown table");
    private readonly Option<bool> _pooledBounds = Flag("--pooled-bounds", "also print what one cache of every node's storage, placed perfectly, would pull under Belady's foresight, known request counts, frequency and LRU");
    private readonly Option<bool> _quiet = Flag("--quiet", "no progress lines");
    private readonly Option<double> _progressSeconds = Number("--progress-seconds", "wall seconds between a policy's progress lines", 5);

    /// <summary>The simulator's root command; <paramref name="run"/> runs what the options say.</summary>
    public RootCommand Create(Func<SimulatorOptions, int> run)
    {
        var root = ExecutableCommand.Create("layercache-sim", Description, typeof(SimulatorCommandLine));
        foreach (var option in (Option[])[_corpus, _synthesize, _mode, _policies, _sweep, _sweepValues, _csv, _chart, _seed, _nodes, _storage, _slots, _rate, _duration, _runMin, _runMax, _zipf, _high, _low, _planInterval, _halfLife, _siteNodes, _wanMbit, _lanMbit, _requestMs, _lanRequestMs, _unpackMbps, _minRequests, _startMs, _unpackedRatio, _minImageRequests, _nodesToScore, _holdersOutsideWindow, _parallel, _markdown, _pooledBounds, _quiet, _progressSeconds])
        {
            root.Options.Add(option);
        }

        root.SetAction(result => run(Read(result)));
        return root;
    }

    /// <summary>The options <paramref name="args"/> give; a usage error or a bad combination throws its one line.</summary>
    public static SimulatorOptions Parse(IReadOnlyList<string> args)
    {
        var commandLine = new SimulatorCommandLine();
        var result = ExecutableCommand.Parse(commandLine.Create(_ => 0), args);
        return ExecutableCommand.UsageError(result) is { } error ? throw new ArgumentException(error) : commandLine.Read(result);
    }

    private SimulatorOptions Read(ParseResult result)
    {
        var options = new SimulatorOptions
        {
            CorpusPath = result.GetValue(_corpus) ?? Defaults.CorpusPath,
            SynthesizeCount = result.GetValue(_synthesize),
            Mode = result.GetValue(_mode)!,
            Policies = result.GetValue(_policies)?.Where(p => p.Length > 0).ToList(),
            WanMbit = result.GetValue(_wanMbit),
            LanMbit = result.GetValue(_lanMbit),
            RequestMilliseconds = result.GetValue(_requestMs),
            LanRequestMilliseconds = result.GetValue(_lanRequestMs),
            UnpackMegabytesPerSecond = result.GetValue(_unpackMbps),
            Sweep = result.GetValue(_sweep),
            SweepValues = result.GetValue(_sweepValues),
            CsvPath = result.GetValue(_csv),
            ChartPath = result.GetValue(_chart),
            Parallelism = result.GetValue(_parallel),
            Quiet = result.GetValue(_quiet),
            ProgressSeconds = result.GetValue(_progressSeconds),
            Markdown = result.GetValue(_markdown),
            PooledBounds = result.GetValue(_pooledBounds),
            Prefetch = new PrefetchPlannerOptions
            {
                MinRequestsPerReplica = result.GetValue(_minRequests),
                UnpackedToCompressedRatio = result.GetValue(_unpackedRatio),
                MinImageRequestsPerNode = result.GetValue(_minImageRequests),
            },
            Cluster = new ClusterSettings
            {
                Seed = result.GetValue(_seed),
                Nodes = result.GetValue(_nodes),
                StorageGigabytes = result.GetValue(_storage),
                SlotsPerNode = result.GetValue(_slots),
                RequestsPerSecond = result.GetValue(_rate),
                DurationSeconds = result.GetValue(_duration),
                RunMinSeconds = result.GetValue(_runMin),
                RunMaxSeconds = result.GetValue(_runMax),
                ZipfExponent = result.GetValue(_zipf),
                HighWatermarkPercent = result.GetValue(_high),
                LowWatermarkPercent = result.GetValue(_low),
                PlanIntervalSeconds = result.GetValue(_planInterval),
                PopularityHalfLifeSeconds = result.GetValue(_halfLife),
                NodesPerSite = result.GetValue(_siteNodes),
                ContainerStartSeconds = result.GetValue(_startMs) / 1000,
                NodesToScorePercent = result.GetValue(_nodesToScore),
                ScoreHoldersOutsideWindow = result.GetValue(_holdersOutsideWindow),
            },
        };
        return options.Validate();
    }
}
