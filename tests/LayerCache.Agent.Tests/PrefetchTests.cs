using LayerCache.Agent.Tests.Support;
using LayerCache.Registry;
using LayerCache.Testing.Registry;

namespace LayerCache.Agent.Tests;

/// <summary>Layer prefetch against a real registry and containerd: what a later pull still downloads, and what survives GC.</summary>
public sealed class PrefetchTests(NodeEnvironment environment) : IClassFixture<NodeEnvironment>
{
    [Fact]
    public async Task PrefetchLayers_ThenCriPull_PullFetchesNoLayerBlobAndSharedBaseIsNotFetchedAgain()
    {
        var baseLayer = environment.Layers(300_000);
        var (first, firstImage) = await environment.PushAsync("prefetch/one:v1", [.. baseLayer, .. environment.Layers(100_000)]);
        var (second, secondImage) = await environment.PushAsync("prefetch/two:v1", [.. baseLayer, .. environment.Layers(150_000)]);
        await using var agent = await AgentHost.StartAsync(environment);
        using var client = environment.Client();

        var report = await agent.Prefetcher.PrefetchLayersAsync(first, CancellationToken.None);
        Assert.All(report.Layers, l => Assert.False(l.AlreadyPresent));
        Assert.All(firstImage.Layers, l => Assert.Equal(1, environment.Registry.BlobGets(l.Digest)));

        await client.PullImageAsync(first);
        Assert.All(firstImage.Layers, l => Assert.Equal(1, environment.Registry.BlobGets(l.Digest)));

        var secondReport = await agent.Prefetcher.PrefetchLayersAsync(second, CancellationToken.None);
        var shared = secondImage.Layers[0];
        var own = secondImage.Layers[1];
        Assert.True(secondReport.Layers.Single(l => l.Layer.Digest == shared.Digest).AlreadyPresent);
        Assert.False(secondReport.Layers.Single(l => l.Layer.Digest == own.Digest).AlreadyPresent);
        Assert.Equal(1, environment.Registry.BlobGets(shared.Digest));
        Assert.Equal(1, environment.Registry.BlobGets(own.Digest));
        Assert.Equal(own.SizeBytes, secondReport.FetchedBytes);
    }

    [Fact]
    public async Task PrefetchedBlobs_SurviveGarbageCollection_AndAreGoneAfterEviction()
    {
        var (reference, image) = await environment.PushAsync("prefetch/gc:v1", environment.Layers(200_000, 200_000));
        using var client = environment.Client();
        await using (var agent = await AgentHost.StartAsync(environment))
        {
            await agent.Prefetcher.PrefetchLayersAsync(reference, CancellationToken.None);
        }

        await environment.Containerd.CollectGarbageAsync();
        foreach (var layer in image.Layers)
        {
            Assert.NotNull(await client.ContentInfoAsync(layer.Digest, CancellationToken.None));
        }

        // A budget the blobs overflow: the agent evicts them as unreferenced prefetched blobs.
        var total = image.Layers.Sum(l => l.SizeBytes);
        await using var small = await AgentHost.StartAsync(environment, new Dictionary<string, string?> { ["Agent:CacheBudgetBytes"] = (total / 2).ToString(System.Globalization.CultureInfo.InvariantCulture) });
        await small.WaitForNodeAsync(n => image.Layers.All(l => !n.Cache.Contains(l.Digest)), TimeSpan.FromSeconds(30), "the prefetched blobs were not evicted");
        foreach (var layer in image.Layers)
        {
            var left = await client.ContentInfoAsync(layer.Digest, CancellationToken.None);
            Assert.True(left is null, $"{layer.Digest} is still in the content store; agent metrics:\n{small.Metrics.Render()}");
        }

        var held = await LeaseProbe.HeldBlobsAsync(client);
        Assert.All(image.Layers, l => Assert.DoesNotContain(l.Digest, held));
    }

    [Fact]
    public async Task CorruptedBlob_NothingCommittedErrorCountedRetriedThenFailsCleanly()
    {
        var (reference, image) = await environment.PushAsync("prefetch/corrupt:v1", environment.Layers(100_000));
        var layer = image.Layers[0];
        environment.Registry.Proxy.Inject(new BlobFault(BlobFaultKind.Corrupt, layer.Digest, Times: 100) { AfterBytes = 5_000 });
        try
        {
            await using var agent = await AgentHost.StartAsync(environment);
            using var client = environment.Client();

            await Assert.ThrowsAsync<BlobVerificationException>(() => agent.Prefetcher.PrefetchLayersAsync(reference, CancellationToken.None));

            Assert.Null(await client.ContentInfoAsync(layer.Digest, CancellationToken.None));
            Assert.Null(await client.WriteStatusAsync($"layer-{layer.Digest}", CancellationToken.None));
            var metrics = agent.Metrics.Render();
            Assert.Contains("layercache_registry_errors_total{kind=\"verification\"} 2\n", metrics, StringComparison.Ordinal);
            Assert.Contains("layercache_prefetch_failures_total{kind=\"layers\"} 1\n", metrics, StringComparison.Ordinal);
        }
        finally
        {
            environment.Registry.Proxy.ClearFaults();
        }
    }

    [Fact]
    public async Task TruncatedBlob_ResumedWithRangeAndCommittedWhole()
    {
        var (reference, image) = await environment.PushAsync("prefetch/truncate:v1", environment.Layers(300_000));
        var layer = image.Layers[0];
        environment.Registry.Proxy.Inject(new BlobFault(BlobFaultKind.Truncate, layer.Digest) { AfterBytes = 100_000 });
        try
        {
            await using var agent = await AgentHost.StartAsync(environment);
            using var client = environment.Client();

            var report = await agent.Prefetcher.PrefetchLayersAsync(reference, CancellationToken.None);

            Assert.Equal(layer.SizeBytes, report.FetchedBytes);
            var info = await client.ContentInfoAsync(layer.Digest, CancellationToken.None);
            Assert.Equal(layer.SizeBytes, info!.SizeBytes);
            Assert.Equal(2, environment.Registry.BlobGets(layer.Digest));
        }
        finally
        {
            environment.Registry.Proxy.ClearFaults();
        }
    }
}
