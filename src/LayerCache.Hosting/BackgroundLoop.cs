using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LayerCache.Hosting;

/// <summary>
/// A hosted loop that stops the application when it crashes, so the orchestrator restarts a clean process instead of
/// keeping one that serves stale answers. The host then stops as cleanly as when asked to; <see cref="ExitCode"/> is
/// what the process should end with, so a crash does not read as a deliberate stop.
/// </summary>
public abstract partial class BackgroundLoop(IHostApplicationLifetime lifetime, ILogger logger) : BackgroundService
{
    private static int s_crashes;

    /// <summary>Loops of this process that crashed so far.</summary>
    public static int Crashes => Volatile.Read(ref s_crashes);

    /// <summary>1 once any loop of this process has crashed, else 0.</summary>
    public static int ExitCode => Crashes > 0 ? 1 : 0;

    protected abstract string Name { get; }

    protected abstract Task RunAsync(CancellationToken stoppingToken);

    protected sealed override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await RunAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (Exception) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping: a call cut short by the shutdown (a timeout, a closed connection) is not a crash.
        }
        catch (Exception e)
        {
            LogCrashed(logger, Name, e);
            Interlocked.Increment(ref s_crashes);
            lifetime.StopApplication();
        }
    }

    [LoggerMessage(Level = LogLevel.Critical, Message = "{Loop} crashed; stopping the application")]
    private static partial void LogCrashed(ILogger logger, string loop, Exception exception);
}
