using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace LayerCache.Hosting.Commands;

/// <summary>
/// The command line every LayerCache executable shares: <c>--help</c> (with the exit codes) and <c>--version</c>
/// (<c>NAME VERSION</c>) print and exit 0 before anything starts; a usage error is one line on stderr and exit code 2.
/// </summary>
public static class ExecutableCommand
{
    /// <summary>
    /// A root command for <paramref name="executable"/>, whose --version prints the version of <paramref name="versionOf"/>'s
    /// assembly; <paramref name="unmatched"/> says what becomes of arguments none of its options take.
    /// </summary>
    public static RootCommand Create(string executable, string description, Type versionOf, UnmatchedArguments unmatched = UnmatchedArguments.Refuse)
    {
        ArgumentNullException.ThrowIfNull(versionOf);
        var root = new ExecutableRootCommand(executable, unmatched, description) { TreatUnmatchedTokensAsErrors = unmatched is UnmatchedArguments.Refuse };
        foreach (var option in root.Options)
        {
            if (option is HelpOption help && help.Action is HelpAction builtIn)
            {
                help.Action = new HelpWithExitCodes(builtIn);
            }
            else if (option is VersionOption version)
            {
                version.Action = new PrintVersion($"{executable} {ServiceVersion.Of(versionOf.Assembly)}");
            }
        }

        if (unmatched is UnmatchedArguments.HostSettings)
        {
            // What every service's host reads from its command line, listed in its help.
            root.Options.Add(new Option<string>("--urls")
            {
                Description = "where to listen, ';' between them (default: Urls of appsettings.json)",
                HelpName = "URLS",
            });
            root.Options.Add(new Option<string>("--contentRoot")
            {
                Description = "where appsettings.json is read (default: beside the executable, or DOTNET_CONTENTROOT)",
                HelpName = "DIR",
            });
        }

        return root;
    }

    /// <summary>
    /// Parses <paramref name="args"/> and runs what they name: help, version, or the command's action. A parse error
    /// prints <c>EXECUTABLE: error (see --help)</c> and gives <see cref="ExitCodes.BadUsage"/>.
    /// </summary>
    public static Task<int> InvokeAsync(RootCommand root, IReadOnlyList<string> args, CancellationToken cancellationToken = default) =>
        InvokeAsync(root, args, Console.Out, Console.Error, cancellationToken);

    public static async Task<int> InvokeAsync(RootCommand root, IReadOnlyList<string> args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(error);
        var result = Parse(root, args);
        if (UsageError(result) is { } message)
        {
            // Named as the executable is installed, whatever the process was started as (dotnet NAME.dll, a test host).
            var name = root is ExecutableRootCommand executable ? executable.Executable : root.Name;
            await error.WriteLineAsync($"{name}: {message} (see --help)").ConfigureAwait(false);
            return ExitCodes.BadUsage;
        }

        // No handler of the library's own: the services' hosts handle signals and their exceptions themselves.
        var invocation = new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null };
        return await result.InvokeAsync(invocation, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The parse of <paramref name="args"/>, without response files (an argument starting with @ is a value like any other).</summary>
    public static ParseResult Parse(Command command, IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(command);
        return command.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
    }

    /// <summary>
    /// The first parse error in one line, or null when there is none (or help or version was asked for). A command that
    /// hands unmatched arguments on to its host as settings still refuses a stray word (a mistyped command).
    /// </summary>
    public static string? UsageError(ParseResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.Action is HelpWithExitCodes or PrintVersion)
        {
            return null;
        }

        if (result.Errors.Count > 0)
        {
            return result.Errors[0].Message.ReplaceLineEndings(" ").TrimEnd('.');
        }

        if (result.UnmatchedTokens.Count == 0)
        {
            return null;
        }

        if (result.CommandResult.Command.TreatUnmatchedTokensAsErrors)
        {
            return $"unknown option or argument '{result.UnmatchedTokens[0]}' for {result.CommandResult.Command.Name}";
        }

        return result.CommandResult.Command is ExecutableRootCommand { Unmatched: UnmatchedArguments.HostSettings } && HostSettingArguments.FirstStray(result.UnmatchedTokens) is { } stray
            ? $"unknown argument '{stray}': settings read --Section:Setting=VALUE"
            : null;
    }

    private sealed class ExecutableRootCommand(string executable, UnmatchedArguments unmatched, string description) : RootCommand(description)
    {
        public string Executable { get; } = executable;

        public UnmatchedArguments Unmatched { get; } = unmatched;
    }

    private sealed class HelpWithExitCodes(HelpAction builtIn) : SynchronousCommandLineAction
    {
        /// <summary>What the library's help says of arguments no option takes, which is not what ours do with them.</summary>
        private const string AdditionalArguments = "Arguments passed to the application that is being run.";

        public override int Invoke(ParseResult parseResult)
        {
            var configuration = parseResult.InvocationConfiguration;
            var output = configuration.Output;
            using var help = new StringWriter();
            configuration.Output = help;
            try
            {
                builtIn.Invoke(parseResult);
            }
            finally
            {
                configuration.Output = output;
            }

            var unmatched = parseResult.RootCommandResult.Command is ExecutableRootCommand root ? root.Unmatched : UnmatchedArguments.Refuse;
            output.Write(help.ToString().Replace(AdditionalArguments, unmatched is UnmatchedArguments.HostSettings
                ? "Settings, as --Section:Setting=VALUE or --Section:Setting VALUE (see above)."
                : "Handed on as they are (see above).", StringComparison.Ordinal));
            output.WriteLine(ExitCodes.Table);
            return ExitCodes.Success;
        }
    }

    private sealed class PrintVersion(string line) : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            parseResult.InvocationConfiguration.Output.WriteLine(line);
            return ExitCodes.Success;
        }
    }
}
