using System.CommandLine;
using System.CommandLine.Help;

namespace LayerCache.Cli.Commands;

/// <summary>The <c>layercache</c> command line: global options, the commands, and how a parse error is reported.</summary>
internal static class CliCommands
{
    private const int RedirectedWidth = 400;

    public static RootCommand Create()
    {
        var options = new GlobalOptions();
        var root = new RootCommand("layercache: what LayerCache's nodes hold, what its planner ordered, and why pods score as they do");
        options.AddTo(root);
        root.Subcommands.Add(StatusCommand.Create(options));
        root.Subcommands.Add(NodeCommand.Create(options));
        root.Subcommands.Add(HintsCommand.Create(options));
        root.Subcommands.Add(OrdersCommand.Create(options));
        root.Subcommands.Add(PrefetchCommand.Create(options));
        root.Subcommands.Add(EvictCommand.Create(options));
        root.Subcommands.Add(SimulateCommand.Create(options));
        return root;
    }

    /// <summary>Parses and runs; a command line that does not parse is one line on standard error and exit code 2.</summary>
    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken = default)
    {
        if (Console.IsOutputRedirected)
        {
            // No terminal to fit: a file or a pipe gets each row on one line rather than wrapped at 80 columns.
            Spectre.Console.AnsiConsole.Profile.Width = RedirectedWidth;
        }

        var root = Create();
        var parse = root.Parse(args);
        var asksForHelpOrVersion = parse.Action is HelpAction || root.Options.OfType<VersionOption>().Any(v => parse.GetResult(v) is not null);
        if (parse.Errors.Count > 0 && !asksForHelpOrVersion)
        {
            // Every error in one line: a mistyped command is both unrecognised and a missing command.
            var errors = string.Join("; ", parse.Errors.Select(e => e.Message.TrimEnd('.')).Distinct(StringComparer.Ordinal));
            await Console.Error.WriteLineAsync($"layercache: {errors} (see layercache --help)").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        return await parse.InvokeAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
    }
}
