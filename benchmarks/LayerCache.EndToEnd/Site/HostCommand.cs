using System.Diagnostics;

namespace LayerCache.EndToEnd.Site;

/// <summary>A short host command (ip, tc, iptables) run to completion, its output captured for the error message.</summary>
internal static class HostCommand
{
    public const string Ip = "/usr/sbin/ip";
    public const string Tc = "/usr/sbin/tc";

    /// <summary>Runs the command and returns its stdout; throws with the command line and its stderr when it fails.</summary>
    public static async Task<string> RunAsync(string file, IEnumerable<string> args, CancellationToken cancellationToken = default)
    {
        var (exitCode, output, error) = await TryRunAsync(file, args, cancellationToken).ConfigureAwait(false);
        return exitCode == 0
            ? output
            : throw new InvalidOperationException($"'{file} {string.Join(' ', args)}' exited with {exitCode}: {error.Trim()}");
    }

    public static async Task<(int ExitCode, string Output, string Error)> TryRunAsync(
        string file, IEnumerable<string> args, CancellationToken cancellationToken = default)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}");
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        return (process.ExitCode, await output.ConfigureAwait(false), await error.ConfigureAwait(false));
    }

    public static Task<string> IpAsync(params string[] args) => RunAsync(Ip, args);
}
