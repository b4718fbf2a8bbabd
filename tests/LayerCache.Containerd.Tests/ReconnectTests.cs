using LayerCache.Testing.Containerd;

namespace LayerCache.Containerd.Tests;

public sealed class ReconnectTests(ContainerdFixture containerd) : IClassFixture<ContainerdFixture>, IAsyncLifetime
{
    // Every test kills containerd; one that fails half-way must not leave the next without it.
    public Task InitializeAsync() => containerd.IsRunning ? Task.CompletedTask : containerd.StartAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task UnaryCall_WhileContainerdRestarts_RetriesAndSucceedsOnceItIsBack()
    {
        using var client = containerd.CreateClient();
        await client.VersionAsync(CancellationToken.None);
        Assert.True(client.IsConnected);

        containerd.Kill();
        var call = client.ListImagesAsync(CancellationToken.None);
        for (var waited = 0; client.IsConnected && waited < 30_000; waited += 50)
        {
            await Task.Delay(50);
        }

        await Task.Delay(300);
        Assert.False(client.IsConnected);
        Assert.False(call.IsCompleted);

        await containerd.StartAsync();
        var images = await call.WaitAsync(TimeSpan.FromSeconds(15));

        Assert.NotNull(images);
        Assert.True(client.IsConnected);
    }

    [Fact]
    public async Task UnaryCall_WhenContainerdStaysDown_FailsUnavailableAfterTheGiveUpBound()
    {
        using var client = containerd.CreateClient(o => o.ReconnectGiveUpAfter = TimeSpan.FromMilliseconds(500));
        containerd.Kill();
        try
        {
            var error = await Assert.ThrowsAsync<Grpc.Core.RpcException>(() => client.VersionAsync(CancellationToken.None));

            Assert.Equal(Grpc.Core.StatusCode.Unavailable, error.StatusCode);
            Assert.False(client.IsConnected);
        }
        finally
        {
            await containerd.StartAsync();
        }
    }

    [Fact]
    public async Task WaitUntilConnected_ReturnsOnceContainerdAnswersAgain_AndHonoursCancellation()
    {
        using var client = containerd.CreateClient();
        containerd.Kill();
        using (var shortWait = new CancellationTokenSource(TimeSpan.FromMilliseconds(300)))
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.WaitUntilConnectedAsync(shortWait.Token));
        }

        var wait = client.WaitUntilConnectedAsync(CancellationToken.None);
        await containerd.StartAsync();
        await wait.WaitAsync(TimeSpan.FromSeconds(15));

        Assert.True(client.IsConnected);
    }

    [Fact]
    public async Task WriteContent_WhenContainerdDiesMidWrite_ResumesAfterItRestarts()
    {
        using var client = containerd.CreateClient();
        const int Chunk = ContainerdClient.WriteChunkBytes;
        var (bytes, digest) = SyntheticImageWriter.RandomBlob(4 * Chunk);
        Task? restart = null;
        using var source = new CallbackStream(bytes, breakAt: 2 * Chunk, onBreak: () =>
        {
            containerd.Kill();
            restart = Task.Run(async () =>
            {
                await Task.Delay(300);
                await containerd.StartAsync();
            });
        });
        var lease = await client.CreateLeaseAsync(null, cancellationToken: CancellationToken.None);

        var result = await client.WithLease(lease.Id).WriteContentAsync("layer-" + digest, digest, bytes.Length, source, cancellationToken: CancellationToken.None);

        await restart!;
        Assert.Equal(2 * Chunk, result.ResumedFromOffset);
        Assert.Equal(bytes, await client.ReadAllContentAsync(digest, CancellationToken.None));
    }
}
