using System.Globalization;

namespace LayerCache.EndToEnd.Site;

/// <summary>
/// One run of the harness: /tmp/layercache-e2e/run-PID-TIME/ with its owner, its logs and every process it
/// started. Holds the one-live-run lock for its life. Disposing stops the processes, unmounts what is mounted
/// under it, deletes it and releases the lock.
/// </summary>
internal sealed class RunDirectory : IAsyncDisposable
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);

    private readonly RunLock _lock;
    private readonly List<SupervisedProcess> _processes = [];
    private readonly Lock _processesLock = new();
    private bool _disposed;

    private RunDirectory(RunLock runLock, string path)
    {
        _lock = runLock;
        Path = path;
    }

    public string Path { get; }

    public string LogDirectory => System.IO.Path.Combine(Path, "logs");

    /// <summary>Takes the lock, removes what dead runs left behind, then makes a fresh directory.</summary>
    public static async Task<RunDirectory> CreateAsync(CancellationToken cancellationToken)
    {
        var runLock = RunLock.Acquire();
        try
        {
            await Leftovers.RemoveStaleAsync(cancellationToken).ConfigureAwait(false);
            var name = string.Create(CultureInfo.InvariantCulture, $"run-{Environment.ProcessId}-{DateTime.UtcNow:yyyyMMddHHmmss}");
            var path = System.IO.Path.Combine(RunLock.RunsRoot, name);
            Directory.CreateDirectory(System.IO.Path.Combine(path, "logs"));
            RunOwner.Current().Write(path);
            return new RunDirectory(runLock, path);
        }
        catch
        {
            runLock.Dispose();
            throw;
        }
    }

    /// <summary>Starts a process that the run tracks and stops at teardown; its output goes to logs/NAME.log.</summary>
    public SupervisedProcess Start(
        string name,
        string file,
        IEnumerable<string> args,
        string? networkNamespace = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var log = System.IO.Path.Combine(LogDirectory, name + ".log");
        var process = SupervisedProcess.Start(name, file, args, log, Path, networkNamespace, environment);
        lock (_processesLock)
        {
            _processes.Add(process);
        }

        return process;
    }

    /// <summary>Stops every tracked process (in reverse start order), then kills whatever else still runs under the run.</summary>
    public async Task StopProcessesAsync()
    {
        SupervisedProcess[] processes;
        lock (_processesLock)
        {
            processes = [.. _processes];
            _processes.Clear();
        }

        // Later processes depend on earlier ones (agents on containerd): stop them first.
        foreach (var process in processes.Reverse())
        {
            await process.StopAsync(StopTimeout).ConfigureAwait(false);
            process.Dispose();
        }

        // Shims and containers that left the tree still carry the run's marker or live in its rootfs.
        await ProcessTable.KillUnderAsync(Path, TimeSpan.FromSeconds(20), CancellationToken.None).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        try
        {
            await StopProcessesAsync().ConfigureAwait(false);
            Leftovers.RemoveDirectory(Path);
        }
        finally
        {
            _lock.Dispose();
        }
    }
}
