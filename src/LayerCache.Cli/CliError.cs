namespace LayerCache.Cli;

/// <summary>A failure to report in one line (what went wrong and what to do) with the exit code it maps to.</summary>
internal sealed class CliError(int exitCode, string message) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
