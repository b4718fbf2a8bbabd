using System.Diagnostics;

namespace LayerCache.EndToEnd.Site;

/// <summary>
/// A long-lived process of a run (containerd, an agent, Redis, the relay): its output goes to a log file in the
/// run directory, not through pipes to the harness, so it survives the harness and is there to read after a crash.
/// </summary>
internal sealed class SupervisedProcess : IDisposable
{
    private readonly Process _process;

    private SupervisedProcess(string name, Process process, string logPath)
    {
        Name = name;
        _process = process;
        LogPath = logPath;
    }

    public string Name { get; }

    public string LogPath { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    private const string Nsenter = "/usr/bin/nsenter";

    /// <summary>Starts <paramref name="file"/>, inside the network namespace when one is given.</summary>
    public static SupervisedProcess Start(
        string name,
        string file,
        IEnumerable<string> args,
        string logPath,
        string runPath,
        string? networkNamespace = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        // sh redirects and then execs, so the pid we hold is the program's own and its log is a plain file. nsenter
        // enters only the network namespace: 'ip netns exec' would also mount a fresh /sys, which hides the cgroup
        // mounts that runc needs to start a node's containers.
        var start = new ProcessStartInfo(networkNamespace is null ? "/bin/sh" : Nsenter) { UseShellExecute = false };
        if (networkNamespace is not null)
        {
            foreach (var arg in new[] { $"--net=/run/netns/{networkNamespace}", "/bin/sh" })
            {
                start.ArgumentList.Add(arg);
            }
        }

        foreach (var arg in new[] { "-c", "log=$1; shift; exec \"$@\" </dev/null >>\"$log\" 2>&1", "sh", logPath, file })
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        start.Environment[ProcessTable.RunMarker] = runPath;
        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {name} ({file})");
        return new SupervisedProcess(name, process, logPath);
    }

    public Task WaitForExitAsync(CancellationToken cancellationToken) => _process.WaitForExitAsync(cancellationToken);

    /// <summary>SIGKILLs the process and its descendants.</summary>
    public void Kill()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }

    /// <summary>SIGTERM, then SIGKILL of the tree if it has not exited within <paramref name="timeout"/>.</summary>
    public async Task StopAsync(TimeSpan timeout)
    {
        if (!HasExited)
        {
            LibC.Kill(Id, LibC.SigTerm);
            using var wait = new CancellationTokenSource(timeout);
            try
            {
                await _process.WaitForExitAsync(wait.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Did not stop in time.
            }
        }

        Kill();
        using var reap = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await _process.WaitForExitAsync(reap.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stuck in the kernel (D state); the run's sweep of its directory reports it.
        }
    }

    /// <summary>The last lines of the log, for an error message that says why the process died.</summary>
    public string LogTail(int lines)
    {
        try
        {
            return string.Join('\n', File.ReadLines(LogPath).TakeLast(lines));
        }
        catch (IOException)
        {
            return "";
        }
    }

    public override string ToString() => $"{Name} (pid {Id})";

    public void Dispose() => _process.Dispose();
}
