using System.Diagnostics;

namespace LayerCache.EndToEnd.Nodes;

/// <summary>Runs a short command to its end (ctr, ip) and hands back its exit code and output together.</summary>
internal static class CommandRunner
{
    public static async Task<(int Code, string Output)> RunAsync(string file, IEnumerable<string> arguments, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {file}");
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            throw new TimeoutException($"{file} {string.Join(' ', start.ArgumentList)} did not end within {timeout.TotalSeconds:F0} s");
        }

        return (process.ExitCode, (await stdout.ConfigureAwait(false)) + (await stderr.ConfigureAwait(false)));
    }

    /// <summary>Runs the command and throws with its output when it fails.</summary>
    public static async Task<string> RunCheckedAsync(string file, IEnumerable<string> arguments, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var list = arguments.ToList();
        var (code, output) = await RunAsync(file, list, timeout, cancellationToken).ConfigureAwait(false);
        return code == 0
            ? output
            : throw new InvalidOperationException($"{file} {string.Join(' ', list)} exited {code}: {output.Trim()}");
    }
}
