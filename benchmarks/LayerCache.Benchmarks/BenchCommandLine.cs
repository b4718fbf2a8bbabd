using System.CommandLine;
using LayerCache.Hosting.Commands;

namespace LayerCache.Benchmarks;

/// <summary>
/// <c>layercache-bench latency [calls]</c> times each scoring call alone; anything else goes, as it is, to
/// BenchmarkDotNet's switcher (<c>--filter '*PodScoringBenchmark*'</c>, <c>--list flat</c>; its own help: <c>-- --help</c>).
/// </summary>
public static class BenchCommandLine
{
    private const string Description = """
        layercache-bench: the coordinator's hot paths (docs/coordinator-benchmarks.md). `latency [calls]` times each
        scoring call alone (p50/p99); `view [nodes] [runs]` builds the coordinator's view in process and
        measures its apply time and heap; any other arguments go to BenchmarkDotNet, e.g. --filter '*PodScoringBenchmark*'
        or --list flat; `layercache-bench -- --help` prints BenchmarkDotNet's own options.
        """;

    /// <summary>The root command: <paramref name="latency"/> runs the latency loop for its calls, <paramref name="benchmarkDotNet"/> BenchmarkDotNet with the arguments left.</summary>
    public static RootCommand Create(Func<int, int> latency, Func<int, int, int> view, Func<string[], int> benchmarkDotNet)
    {
        ArgumentNullException.ThrowIfNull(latency);
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(benchmarkDotNet);
        var root = ExecutableCommand.Create("layercache-bench", Description, typeof(BenchCommandLine), UnmatchedArguments.PassThrough);
        var calls = new Argument<int>("calls")
        {
            Description = "scoring calls timed, after 1,000 to warm up",
            DefaultValueFactory = _ => 10_000,
            CustomParser = result => WholeNumber.AtLeast(result, "calls", 1),
        };
        var command = new Command("latency", "each scoring call timed alone, at 500 and 5,000 nodes (p50/p99)") { calls };
        command.SetAction(result => latency(result.GetValue(calls)));
        root.Subcommands.Add(command);
        var nodes = new Argument<int>("nodes")
        {
            Description = "synthetic nodes in the view",
            DefaultValueFactory = _ => 5_000,
            CustomParser = result => WholeNumber.AtLeast(result, "nodes", 1),
        };
        var runs = new Argument<int>("runs")
        {
            Description = "builds, each into a fresh view",
            DefaultValueFactory = _ => 3,
            CustomParser = result => WholeNumber.AtLeast(result, "runs", 1),
        };
        var viewCommand = new Command("view", "the coordinator's view built in process from synthetic nodes: apply time and heap a (node, layer) pair") { nodes, runs };
        viewCommand.SetAction(result => view(result.GetValue(nodes), result.GetValue(runs)));
        root.Subcommands.Add(viewCommand);
        root.SetAction(result => benchmarkDotNet([.. result.UnmatchedTokens]));
        return root;
    }
}
