using System.CommandLine;
using LayerCache.Hosting.Commands;

namespace LayerCache.AgentBenchmarks;

/// <summary><c>layercache-agent-bench prefetch|unpack|steady|resync [options]</c>: each benchmark a command with the knobs it reads.</summary>
public static class BenchmarkCommandLine
{
    private const string Description = "layercache-agent-bench: the node agent measured against real containerd, docker-registry and ctr (docs/agent-benchmarks.md). Markdown on stdout, progress on stderr.";

    /// <summary>The root command; <paramref name="run"/> runs the benchmark the options name.</summary>
    public static RootCommand Create(Func<BenchmarkOptions, CancellationToken, Task<int>> run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var root = ExecutableCommand.Create("layercache-agent-bench", Description, typeof(BenchmarkCommandLine));
        root.Subcommands.Add(Prefetch(run));
        root.Subcommands.Add(Unpack(run));
        root.Subcommands.Add(Steady(run));
        root.Subcommands.Add(Resync(run));
        root.SetAction(_ =>
        {
            Console.Error.WriteLine("layercache-agent-bench: name a benchmark: prefetch, unpack, steady or resync (see --help)");
            return ExitCodes.BadUsage;
        });
        return root;
    }

    private static Command Prefetch(Func<BenchmarkOptions, CancellationToken, Task<int>> run)
    {
        var runs = Positive("--runs", "runs per contender", 5);
        var command = new Command("prefetch", "one image's layers fetched by each contender, each on a fresh containerd") { runs };
        command.SetAction((result, cancellationToken) => run(Defaults("prefetch") with { Runs = result.GetValue(runs) }, cancellationToken));
        return command;
    }

    private static Command Unpack(Func<BenchmarkOptions, CancellationToken, Task<int>> run)
    {
        var runs = Positive("--runs", "runs per case", 5);
        var command = new Command("unpack", "the kubelet's CRI pull after nothing, after a layer prefetch and after unpacking ahead, each on a fresh containerd") { runs };
        command.SetAction((result, cancellationToken) => run(Defaults("unpack") with { Runs = result.GetValue(runs) }, cancellationToken));
        return command;
    }

    private static Command Steady(Func<BenchmarkOptions, CancellationToken, Task<int>> run)
    {
        var (images, layers) = Corpus();
        var settle = Positive("--settle-seconds", "wait after /readyz before sampling", 10);
        var sample = Positive("--sample-seconds", "sampling window", 60);
        var only = new Option<string>("--only") { Description = "only the runtime settings whose name contains TEXT", HelpName = "TEXT" };
        var command = new Command("steady", "the agent's memory and CPU at rest beside a full containerd, per runtime setting") { images, layers, settle, sample, only };
        command.SetAction((result, cancellationToken) => run(
            Defaults("steady") with
            {
                Images = result.GetValue(images),
                LayersPerImage = result.GetValue(layers),
                SettleSeconds = result.GetValue(settle),
                SampleSeconds = result.GetValue(sample),
                OnlySetting = result.GetValue(only),
            },
            cancellationToken));
        return command;
    }

    private static Command Resync(Func<BenchmarkOptions, CancellationToken, Task<int>> run)
    {
        var runs = Positive("--runs", "warm runs", 20);
        var (images, layers) = Corpus();
        var command = new Command("resync", "the agent's full inventory read of a full containerd, cold and warm") { runs, images, layers };
        command.SetAction((result, cancellationToken) => run(
            Defaults("resync") with { Runs = result.GetValue(runs), Images = result.GetValue(images), LayersPerImage = result.GetValue(layers) },
            cancellationToken));
        return command;
    }

    private static BenchmarkOptions Defaults(string benchmark) => new(benchmark, Runs: 5, Images: 200, LayersPerImage: 10, SettleSeconds: 10, SampleSeconds: 60);

    private static (Option<int> Images, Option<int> LayersPerImage) Corpus() =>
        (Positive("--images", "images in containerd", 200), Positive("--layers-per-image", "distinct layers per image", 10));

    private static Option<int> Positive(string name, string description, int defaultValue) => new(name)
    {
        Description = description,
        HelpName = "N",
        DefaultValueFactory = _ => defaultValue,
        CustomParser = result => WholeNumber.AtLeast(result, name, 1),
    };
}
