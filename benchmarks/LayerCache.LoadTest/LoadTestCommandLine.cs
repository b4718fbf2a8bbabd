using System.CommandLine;
using LayerCache.Hosting.Commands;
using LayerCache.LoadTest.Cost;

namespace LayerCache.LoadTest;

/// <summary>
/// <c>layercache-loadtest prioritize [nodes] [seconds] | resync [nodes] [runs] [--json] [--idle S] | cost [--nodes N,N] [--json] ...</c>:
/// Markdown (or, for resync and cost with <c>--json</c>, one JSON object) to stdout, progress to stderr.
/// </summary>
public static class LoadTestCommandLine
{
    private const string Description = "layercache-loadtest: the coordinator under load against a real Redis (docs/coordinator-benchmarks.md). Markdown on stdout, progress on stderr.";

    /// <summary>The root command; <paramref name="prioritize"/> and <paramref name="resync"/> run the two load tests with their two numbers.</summary>
    /// <param name="resync">Runs the resync test: nodes, runs, whether to print one JSON object instead of Markdown, and the seconds the last coordinator is left idle after its read.</param>
    /// <param name="cost">Runs the control-plane cost test with its settings.</param>
    public static RootCommand Create(Func<int, int, Task<int>> prioritize, Func<int, int, bool, TimeSpan, Task<int>> resync, Func<CostSettings, Task<int>> cost)
    {
        ArgumentNullException.ThrowIfNull(prioritize);
        ArgumentNullException.ThrowIfNull(resync);
        ArgumentNullException.ThrowIfNull(cost);
        var root = ExecutableCommand.Create("layercache-loadtest", Description, typeof(LoadTestCommandLine));
        root.Subcommands.Add(Command("prioritize", "extender load at 8, 16 and 32 connections", ("nodes", "nodes in Redis", 500), ("seconds", "seconds measured at each connection count", 20), prioritize));
        var json = new Option<bool>("--json")
        {
            Description = "print one JSON object (nodes, runs, redis_bytes_per_node, full_read_seconds, coordinator_rss_bytes, coordinator_peak_rss_bytes, idle_seconds, coordinator_idle_peak_rss_bytes) instead of Markdown; only the coordinator as shipped",
        };
        var idle = new Option<int>("--idle")
        {
            Description = "seconds the last coordinator is left idle after its read before its peak resident memory is read again (under the nodes' 2-minute expiry)",
            DefaultValueFactory = _ => 90,
            CustomParser = result => WholeNumber.AtLeast(result, "--idle", 0),
        };
        var resyncCommand = Command("resync", "Redis memory and the coordinator's full sync", ("nodes", "nodes in Redis", 5_000), ("runs", "full syncs measured", 5), (_, _) => Task.FromResult(0));
        resyncCommand.Options.Add(json);
        resyncCommand.Options.Add(idle);
        var (nodes, runs) = ((Argument<int>)resyncCommand.Arguments[0], (Argument<int>)resyncCommand.Arguments[1]);
        resyncCommand.SetAction((result, _) => resync(result.GetValue(nodes), result.GetValue(runs), result.GetValue(json), TimeSpan.FromSeconds(result.GetValue(idle))));
        root.Subcommands.Add(resyncCommand);
        root.Subcommands.Add(CostCommand.Create(cost));
        root.SetAction(_ =>
        {
            Console.Error.WriteLine("layercache-loadtest: name a load test: prioritize, resync or cost (see --help)");
            return ExitCodes.BadUsage;
        });
        return root;
    }

    private static Command Command(string name, string description, (string Name, string Description, int Default) first, (string Name, string Description, int Default) second, Func<int, int, Task<int>> run)
    {
        var one = Positive(first);
        var two = Positive(second);
        var command = new Command(name, description) { one, two };
        command.SetAction((result, _) => run(result.GetValue(one), result.GetValue(two)));
        return command;
    }

    private static Argument<int> Positive((string Name, string Description, int Default) argument) => new(argument.Name)
    {
        Description = argument.Description,
        DefaultValueFactory = _ => argument.Default,
        CustomParser = result => WholeNumber.AtLeast(result, argument.Name, 1),
    };
}
