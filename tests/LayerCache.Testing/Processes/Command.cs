using System.Diagnostics;
using Xunit;

namespace LayerCache.Testing.Processes;

/// <summary>A command run to its end, its stdout and stderr kept together for failure messages.</summary>
public static class Command
{
    public static async Task<(int Code, string Output)> RunAsync(string file, IEnumerable<string> arguments, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryRoot.Path,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {file}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', start.ArgumentList)} did not finish within {timeout}");
        }

        return (process.ExitCode, await stdout + await stderr);
    }

    /// <summary>Runs the command and returns its output; a non-zero exit fails the test with that output.</summary>
    public static async Task<string> SucceedAsync(string file, IEnumerable<string> arguments, TimeSpan timeout)
    {
        var (code, output) = await RunAsync(file, arguments, timeout);
        Assert.True(code == 0, $"{file} {string.Join(' ', arguments)} exited {code}:\n{output}");
        return output;
    }
}
