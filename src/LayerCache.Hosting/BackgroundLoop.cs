using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LayerCache.Hosting;

/// <summary>
/// A hosted loop that stops the application when it crashes, so the orchestrator restarts a clean process
/// instead of keeping one that serves stale answers.
/// </summary>
public abstract partial class BackgroundLoop(IHostApplicationLifetime lifetime, ILogger logger) : BackgroundService
{
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
            lifetime.StopApplication();
        }
    }

    [LoggerMessage(Level = LogLevel.Critical, Message = "{Loop} crashed; stopping the application")]
    private static partial void LogCrashed(ILogger logger, string loop, Exception exception);
}
