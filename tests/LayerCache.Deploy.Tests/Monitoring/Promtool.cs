using System.Diagnostics;

namespace LayerCache.Deploy.Tests.Monitoring;

/// <summary>Runs Prometheus' <c>promtool</c> (Debian's prometheus package) in a folder; its exit code and what it printed.</summary>
internal static class Promtool
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    public static (int ExitCode, string Output) Run(string directory, params string[] arguments)
    {
        var start = new ProcessStartInfo("promtool")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = directory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start promtool");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"promtool {string.Join(' ', arguments)} did not finish within {Timeout}");
        }

        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}
