using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace LayerCache.Hosting.Tests;

/// <summary>A loop that fails stops the application; one whose call fails because the host is stopping does not count as failing.</summary>
public sealed class BackgroundLoopTests
{
    [Fact]
    public async Task Crash_WhileRunning_StopsTheApplication()
    {
        var lifetime = new RecordingLifetime();
        using var loop = new Loop(lifetime, async token =>
        {
            await Task.Yield();
            throw new InvalidOperationException("broken");
        });

        var crashesBefore = BackgroundLoop.Crashes;
        await loop.StartAsync(CancellationToken.None);
        await loop.ExecuteTask!;

        Assert.True(lifetime.StopRequested);
        Assert.True(BackgroundLoop.Crashes > crashesBefore);
        Assert.Equal(1, BackgroundLoop.ExitCode);
    }

    [Fact]
    public async Task CallFailingWhileStopping_IsNotACrash()
    {
        var lifetime = new RecordingLifetime();
        var running = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var loop = new Loop(lifetime, async token =>
        {
            try
            {
                running.SetResult();
                await Task.Delay(Timeout.Infinite, token);
            }
            catch (OperationCanceledException)
            {
                // As a client call does when its connection closes under it during shutdown.
                throw new IOException("connection closed");
            }
        });

        await loop.StartAsync(CancellationToken.None);
        await running.Task;
        await loop.StopAsync(CancellationToken.None);

        await loop.ExecuteTask!;
        Assert.True(loop.ExecuteTask.IsCompletedSuccessfully, loop.ExecuteTask.Status.ToString());
        Assert.False(lifetime.StopRequested);
    }

    private sealed class Loop(IHostApplicationLifetime lifetime, Func<CancellationToken, Task> body)
        : BackgroundLoop(lifetime, NullLogger.Instance)
    {
        protected override string Name => "test loop";

        protected override Task RunAsync(CancellationToken stoppingToken) => body(stoppingToken);
    }

    private sealed class RecordingLifetime : IHostApplicationLifetime
    {
        public bool StopRequested { get; private set; }

        public CancellationToken ApplicationStarted => CancellationToken.None;

        public CancellationToken ApplicationStopping => CancellationToken.None;

        public CancellationToken ApplicationStopped => CancellationToken.None;

        public void StopApplication() => StopRequested = true;
    }
}
