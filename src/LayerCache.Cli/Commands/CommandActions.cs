using System.CommandLine;

namespace LayerCache.Cli.Commands;

/// <summary>Runs a command's body and reports a <see cref="CliError"/> as one line on standard error, with its exit code.</summary>
internal static class CommandActions
{
    /// <summary>The exit code of a run interrupted by Ctrl+C, as shells report SIGINT.</summary>
    public const int Interrupted = 130;

    public static void SetRun(this Command command, GlobalOptions options, Func<ParseResult, CommandRun, CancellationToken, Task<int>> run) =>
        command.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                return await run(parse, options.Read(parse), cancellationToken).ConfigureAwait(false);
            }
            catch (CliError e)
            {
                await Console.Error.WriteLineAsync($"layercache: {e.Message}").ConfigureAwait(false);
                return e.ExitCode;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return Interrupted;
            }
        });
}
