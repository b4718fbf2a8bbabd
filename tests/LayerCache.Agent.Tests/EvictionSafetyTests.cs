using System.Globalization;
using LayerCache.Agent.Eviction;
using LayerCache.Agent.Leases;
using LayerCache.Agent.Node;
using LayerCache.Agent.Tests.Support;
using LayerCache.Agent.Unpack;
using LayerCache.Containerd;
using LayerCache.Hosting.Metrics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace LayerCache.Agent.Tests;

/// <summary>
/// Eviction racing the kubelet on a real containerd: what the agent last read is stale by the time it evicts, and
/// nothing a pod is about to use may go.
/// </summary>
public sealed class EvictionSafetyTests(NodeEnvironment environment) : IClassFixture<NodeEnvironment>
{
    /// <summary>
    /// The agent prefetched a blob; a pull then found it present and made it part of an image, before the agent read
    /// containerd again. Evicting the blob on that stale view must leave the image whole.
    /// </summary>
    [Fact]
    public async Task PrefetchedBlob_AnImagePulledSinceHoldsIt_IsKeptAndNotCounted()
    {
        var (reference, image) = await environment.PushAsync("evict-safety/held:v1", environment.Layers(300_000));
        var layer = image.Layers[0];
        using var client = environment.Client();
        var (evictor, state, registry, lease) = Evictor(client, "held", layer.SizeBytes);
        await client.CreateLeaseAsync(lease, ExpiresInAnHour(), CancellationToken.None);
        await client.PullImageAsync(reference);
        await client.AddLeaseContentAsync(lease, layer.Digest, CancellationToken.None);
        state.Cache.AddLayer(layer); // the view from before the pull: a prefetched blob, no image

        var removed = await evictor.EnforceAsync(CancellationToken.None);

        Assert.Equal(0, removed);
        Assert.DoesNotContain(layer.Digest, await client.ListLeaseContentAsync(lease, CancellationToken.None));
        foreach (var part in image.Layers.Select(l => l.Digest).Append(image.Manifest.Digest).Append(image.Config.Digest))
        {
            Assert.NotNull(await client.ContentInfoAsync(part, CancellationToken.None));
        }

        var evictions = registry.Render().Split('\n').Where(l => l.StartsWith("layercache_evictions_total{", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(evictions);
        Assert.All(evictions, l => Assert.EndsWith("} 0", l, StringComparison.Ordinal));
        await client.RemoveImageAsync(reference, CancellationToken.None);
    }

    [Fact]
    public async Task PrefetchedBlob_NothingElseHolds_IsCollectedAndCounted()
    {
        var (reference, image) = await environment.PushAsync("evict-safety/alone:v1", environment.Layers(300_000));
        var layer = image.Layers[0];
        using var client = environment.Client();
        var (evictor, state, registry, lease) = Evictor(client, "alone", layer.SizeBytes);
        await client.CreateLeaseAsync(lease, ExpiresInAnHour(), CancellationToken.None);
        await client.PullImageAsync(reference);
        await client.AddLeaseContentAsync(lease, layer.Digest, CancellationToken.None);
        await client.RemoveImageAsync(reference, CancellationToken.None);
        foreach (var name in (await client.ListImagesAsync(CancellationToken.None)).Where(i => i.Target.Digest == image.Manifest.Digest))
        {
            await client.DeleteImageAsync(name.Name, cancellationToken: CancellationToken.None);
        }

        Assert.NotNull(await client.ContentInfoAsync(layer.Digest, CancellationToken.None)); // the lease alone keeps it
        state.Cache.AddLayer(layer);

        var removed = await evictor.EnforceAsync(CancellationToken.None);

        Assert.Equal(1, removed);
        Assert.Null(await client.ContentInfoAsync(layer.Digest, CancellationToken.None));
        Assert.Contains("layercache_evictions_total{reason=\"prefetched_blob\"} 1\n", registry.Render(), StringComparison.Ordinal);
    }

    /// <summary>
    /// Over the high watermark with every image just pulled: none may go until it is older than the minimum age, as
    /// its pod's container may not exist yet; then eviction goes ahead.
    /// </summary>
    [Fact]
    public async Task JustPulledImages_AreEvictedOnlyOnceOlderThanTheMinimumAge()
    {
        var minimumAge = TimeSpan.FromSeconds(8);
        var pushed = new List<(string Reference, Testing.Registry.TestImage Image)>();
        for (var i = 0; i < 3; i++)
        {
            pushed.Add(await environment.PushAsync($"evict-safety/young{i}:v1", environment.Layers(300_000)));
        }

        await using var agent = await AgentHost.StartAsync(environment, new Dictionary<string, string?>
        {
            ["Agent:CacheBudgetBytes"] = pushed.Sum(p => p.Image.Layers[0].SizeBytes).ToString(CultureInfo.InvariantCulture),
            ["Agent:HighWatermarkPercent"] = "70",
            ["Agent:LowWatermarkPercent"] = "40",
            ["Agent:ImageMinimumAge"] = minimumAge.ToString("c", CultureInfo.InvariantCulture),
            ["Agent:EvictionPolicy"] = "Lru",
        });
        using var client = environment.Client();
        var pulledAfter = DateTimeOffset.UtcNow;
        foreach (var (reference, image) in pushed)
        {
            await client.PullImageAsync(reference);
            await agent.WaitForNodeAsync(n => n.Cache.Images.Any(c => c.Image.ManifestDigest == image.Manifest.Digest), TimeSpan.FromSeconds(30), $"{reference} did not appear");
        }

        await agent.WaitForNodeAsync(n => n.Cache.Images.Count < pushed.Count, TimeSpan.FromSeconds(90), "nothing was evicted once the images were old enough");
        var evictedAfter = DateTimeOffset.UtcNow - pulledAfter;

        // The first image was created after pulledAfter, so no eviction may come sooner than the minimum age after it.
        Assert.True(evictedAfter >= minimumAge, $"an image was evicted {evictedAfter.TotalSeconds:F1} s after the pulls began, under the minimum age of {minimumAge.TotalSeconds} s");
        foreach (var (reference, _) in pushed)
        {
            await client.RemoveImageAsync(reference, CancellationToken.None);
        }
    }

    private (NodeEvictor Evictor, NodeState State, MetricRegistry Registry, string Lease) Evictor(ContainerdClient client, string name, long budgetBytes)
    {
        var lease = $"evict-safety-{name}";
        var options = Options.Create(new AgentOptions
        {
            NodeName = "test-node",
            ContainerdSocket = environment.Containerd.SocketPath,
            Namespace = environment.Containerd.Namespace,
            CacheBudgetBytes = budgetBytes,
            HighWatermarkPercent = 50,
            LowWatermarkPercent = 10,
            LeaseId = lease,
        });
        var state = new NodeState(options, TimeProvider.System);
        var registry = new MetricRegistry();
        var agentLease = new AgentLease(client, options, TimeProvider.System, NullLogger<AgentLease>.Instance);
        var chains = new UnpackedChains(client, agentLease, options, NullLogger<UnpackedChains>.Instance);
        var evictor = new NodeEvictor(client, agentLease, chains, state, new AgentMetrics(registry), options, TimeProvider.System, NullLogger<NodeEvictor>.Instance);
        return (evictor, state, registry, lease);
    }

    private static Dictionary<string, string> ExpiresInAnHour() => ContainerdLabels.ExpiringAt(DateTimeOffset.UtcNow.AddHours(1));
}
