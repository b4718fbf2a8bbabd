using System.CommandLine;
using LayerCache.Cli.Output;

namespace LayerCache.Cli.Commands;

/// <summary>The options every command takes: where the coordinator is, how to prove who calls, and the output format.</summary>
internal sealed class GlobalOptions
{
    public const string CoordinatorVariable = "LAYERCACHE_COORDINATOR";

    public const string TokenFileVariable = "LAYERCACHE_TOKEN_FILE";

    public const string DefaultCoordinator = "http://localhost:9470";

    public Option<string?> Coordinator { get; } = new("--coordinator")
    {
        Description = $"The coordinator's URL [env: {CoordinatorVariable}; default: {DefaultCoordinator}]",
        HelpName = "URL",
        Recursive = true,
    };

    public Option<string?> TokenFile { get; } = new("--token-file")
    {
        Description = $"A file holding the coordinator's API bearer token (Coordinator:ApiTokenFile) [env: {TokenFileVariable}]",
        HelpName = "FILE",
        Recursive = true,
    };

    public Option<OutputFormat> Output { get; } = new("--output", "-o")
    {
        Description = "table for people, json (the coordinator's answer) for scripts",
        DefaultValueFactory = _ => OutputFormat.Table,
        Recursive = true,
    };

    public void AddTo(RootCommand root)
    {
        root.Options.Add(Coordinator);
        root.Options.Add(TokenFile);
        root.Options.Add(Output);
    }

    /// <summary>What one run needs from these options, read from the command line or else the environment.</summary>
    public CommandRun Read(ParseResult parse) => new(
        parse.GetValue(Coordinator) ?? NonEmpty(Environment.GetEnvironmentVariable(CoordinatorVariable)) ?? DefaultCoordinator,
        parse.GetValue(TokenFile) ?? NonEmpty(Environment.GetEnvironmentVariable(TokenFileVariable)),
        parse.GetValue(Output));

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
