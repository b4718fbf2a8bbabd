using System.Globalization;
using LayerCache.Agent.Leases;
using LayerCache.Agent.Tests.Support;
using LayerCache.Containerd;
using LayerCache.Testing.Containerd;
using LayerCache.Testing.Logging;
using LayerCache.Testing.Waiting;
using Microsoft.Extensions.Logging;

namespace LayerCache.Agent.Tests;

/// <summary>
/// What the agent leaves on a node, on a real containerd: its lease expires unless the running agent renews it, a
/// blob an image uses leaves it, and a lease from before leases expired is taken over. Each test has a lease id of
/// its own, so that no test's agent takes over another's leftovers.
/// </summary>
public sealed class LeaseTests(NodeEnvironment environment) : IClassFixture<NodeEnvironment>
{
    private static readonly TimeSpan Ceiling = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task PrefetchedBlob_OutlivesSeveralLeaseLifetimesWhileTheAgentRuns_AndIsCollectedOnceTheStoppedAgentsLeaseExpires()
    {
        const string leaseId = "lease-renewal";
        var (reference, image) = await environment.PushAsync("lease/renewal:v1", environment.Layers(100_000));
        var layer = image.Layers[0].Digest;
        using var client = environment.Client();
        await using (var agent = await AgentHost.StartAsync(environment, Settings(leaseId, TimeSpan.FromSeconds(6))))
        {
            await agent.Prefetcher.PrefetchLayersAsync(reference, CancellationToken.None);
            for (var lifetime = 1; lifetime <= 3; lifetime++)
            {
                // Every lease there is now has expired by then; a collection runs, and a renewed one must hold the blob.
                var expiry = await LastExpiryAsync(client, leaseId);
                await Until.HoldsAsync(() => DateTimeOffset.UtcNow > expiry.AddMilliseconds(100), Ceiling, $"lease lifetime {lifetime} did not pass");
                await environment.Containerd.CollectGarbageAsync();

                Assert.True(await client.ContentInfoAsync(layer, CancellationToken.None) is not null, $"the blob was collected in lease lifetime {lifetime}");
                Assert.Contains(layer, await LeaseProbe.HeldBlobsAsync(client, leaseId));
                Assert.All(await LeaseProbe.OursAsync(client, leaseId), l => Assert.True(l.ExpiresAt > expiry, $"{l.Id} expires at {l.ExpiresAt:o}"));
            }
        }

        var last = await LastExpiryAsync(client, leaseId);
        await Until.HoldsAsync(() => DateTimeOffset.UtcNow > last.AddMilliseconds(100), Ceiling, "the stopped agent's lease did not expire");
        await environment.Containerd.CollectGarbageAsync();

        Assert.Null(await client.ContentInfoAsync(layer, CancellationToken.None));
        Assert.Empty(await LeaseProbe.OursAsync(client, leaseId));
    }

    [Fact]
    public async Task PrefetchedBlobs_OnceAnImageUsesThem_LeaveTheLease_AndGoWithTheImage()
    {
        const string leaseId = "lease-image";
        var (reference, image) = await environment.PushAsync("lease/used:v1", environment.Layers(120_000, 60_000));
        var (unusedReference, unused) = await environment.PushAsync("lease/unused:v1", environment.Layers(90_000));
        var layers = image.Layers.Select(l => l.Digest).ToHashSet();
        using var client = environment.Client();
        await using var agent = await AgentHost.StartAsync(environment, Settings(leaseId, TimeSpan.FromMinutes(5)));
        await agent.Prefetcher.PrefetchLayersAsync(reference, CancellationToken.None);
        await agent.Prefetcher.PrefetchLayersAsync(unusedReference, CancellationToken.None);
        Assert.Superset(layers, await LeaseProbe.HeldBlobsAsync(client, leaseId));

        await client.PullImageAsync(reference);

        await Until.HoldsAsync(
            async () => !(await LeaseProbe.HeldBlobsAsync(client, leaseId)).Overlaps(layers), Ceiling, "the image's layers did not leave the lease");
        Assert.Contains(unused.Layers[0].Digest, await LeaseProbe.HeldBlobsAsync(client, leaseId));
        // The count follows the release, so wait for it rather than race it.
        await Until.HoldsAsync(
            () => Task.FromResult(agent.Metrics.Render().Contains($"layercache_prefetched_blobs_used_total {layers.Count}\n", StringComparison.Ordinal)),
            Ceiling,
            "the released blobs were not counted");
        await environment.Containerd.CollectGarbageAsync();
        foreach (var layer in layers)
        {
            Assert.NotNull(await client.ContentInfoAsync(layer, CancellationToken.None));
        }

        // Once the image goes (as the kubelet's image GC removes it), nothing of the agent's keeps its layers.
        await client.RemoveImageAsync(reference, CancellationToken.None);
        foreach (var record in (await client.ListImagesAsync(CancellationToken.None)).Where(i => i.Target.Digest == image.Manifest.Digest))
        {
            await client.DeleteImageAsync(record.Name, cancellationToken: CancellationToken.None);
        }

        await environment.Containerd.CollectGarbageAsync();
        foreach (var layer in layers)
        {
            Assert.Null(await client.ContentInfoAsync(layer, CancellationToken.None));
        }
    }

    [Fact]
    public async Task Agent_AtStart_TakesOverALeaseWithoutExpiry_AndHoldsItsBlobsUnderAnExpiringOne()
    {
        const string leaseId = "lease-legacy";
        using var client = environment.Client();
        await client.CreateLeaseAsync(leaseId, labels: null, CancellationToken.None);
        var (bytes, digest) = SyntheticImageWriter.RandomBlob(50_000);
        await client.WithLease(leaseId).WriteContentAsync("layer-" + digest, digest, bytes.Length, new MemoryStream(bytes), cancellationToken: CancellationToken.None);

        await using var agent = await AgentHost.StartAsync(environment, Settings(leaseId, TimeSpan.FromMinutes(5)));

        await Until.HoldsAsync(
            async () => (await LeaseProbe.OursAsync(client, leaseId)).All(l => l.ExpiresAt is not null), Ceiling, "the lease without expiry was not taken over");
        Assert.Contains(digest, await LeaseProbe.HeldBlobsAsync(client, leaseId));
        await environment.Containerd.CollectGarbageAsync();
        Assert.NotNull(await client.ContentInfoAsync(digest, CancellationToken.None));
        await agent.WaitForNodeAsync(n => n.Cache.Contains(digest), Ceiling, "the taken-over blob is not in the node's cache");
    }

    [Fact]
    public async Task Prefetch_SlowerThanTheLeaseLifetime_FinishesUnderANewWriteLease_AndTheBlobIsHeld()
    {
        const string leaseId = "lease-slow";
        var (reference, image) = await environment.PushAsync("lease/slow:v1", environment.Layers(500_000));
        var layer = image.Layers[0];
        using var client = environment.Client();
        using var logs = new LogCapture();
        var settings = Settings(leaseId, TimeSpan.FromSeconds(4));

        // About ten seconds at this cap: the write's own lease expires, and renewals' deletions run collections, long before it ends.
        settings["Agent:BandwidthCapBytesPerSecond"] = (layer.SizeBytes / 10).ToString(CultureInfo.InvariantCulture);
        await using var agent = await AgentHost.StartAsync(environment, settings, logs);

        var report = await agent.Prefetcher.PrefetchLayersAsync(reference, CancellationToken.None);

        Assert.Equal(layer.SizeBytes, report.FetchedBytes);
        Assert.True(logs.Count(LogLevel.Warning, "outlived its lease") >= 1, "the write never found its lease gone");
        await environment.Containerd.CollectGarbageAsync();
        Assert.Equal(layer.SizeBytes, (await client.ContentInfoAsync(layer.Digest, CancellationToken.None))?.SizeBytes);
        Assert.Contains(layer.Digest, await LeaseProbe.HeldBlobsAsync(client, leaseId));
        Assert.DoesNotContain(await LeaseProbe.OursAsync(client, leaseId), l => l.Labels.GetValueOrDefault(AgentLease.RoleLabel) == AgentLease.WriteRole);
    }

    private static Dictionary<string, string?> Settings(string leaseId, TimeSpan ttl) => new()
    {
        ["Agent:LeaseId"] = leaseId,
        ["Agent:LeaseTtl"] = ttl.ToString("c", CultureInfo.InvariantCulture),
    };

    private static async Task<DateTimeOffset> LastExpiryAsync(ContainerdClient client, string leaseId) =>
        await LeaseProbe.LastExpiryAsync(client, leaseId) ?? throw new InvalidOperationException($"no lease of {leaseId} is left");
}
