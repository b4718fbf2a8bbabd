namespace LayerCache.EndToEnd.Site;

/// <summary>
/// The one-live-run lock: an exclusive open of a file under the runs root. .NET takes it with flock, so the
/// kernel drops it when the owner dies, even by SIGKILL.
/// </summary>
internal sealed class RunLock : IDisposable
{
    public const string RunsRoot = "/tmp/layercache-e2e";

    private static readonly string LockPath = Path.Combine(RunsRoot, "lock");

    private readonly FileStream _file;

    private RunLock(FileStream file) => _file = file;

    /// <summary>The lock, or null when a live run holds it.</summary>
    public static RunLock? TryAcquire()
    {
        Directory.CreateDirectory(RunsRoot);
        try
        {
            return new RunLock(new FileStream(LockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (IOException)
        {
            return null;
        }
    }

    public static RunLock Acquire() =>
        TryAcquire() ?? throw new InvalidOperationException(
            $"Another layercache-e2e run is live (it holds {LockPath}). Wait for it to finish, or stop it and run 'layercache-e2e --cleanup'.");

    public void Dispose() => _file.Dispose();
}
