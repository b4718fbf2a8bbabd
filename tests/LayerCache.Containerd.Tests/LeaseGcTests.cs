using LayerCache.Core.Model;
using LayerCache.Testing.Containerd;
using LayerCache.Testing.Waiting;

namespace LayerCache.Containerd.Tests;

public sealed class LeaseGcTests(ContainerdFixture containerd) : IClassFixture<ContainerdFixture>
{
    [Fact]
    public async Task ContentWrittenUnderALease_SurvivesGc_AndIsCollectedOnceTheLeaseIsDeleted()
    {
        using var client = containerd.CreateClient();
        var lease = await client.CreateLeaseAsync("prefetch-" + Guid.NewGuid().ToString("N"), ExpiresInAnHour(), CancellationToken.None);
        var held = await WriteAsync(client.WithLease(lease.Id));
        var unheld = await WriteAsync(client);

        await containerd.CollectGarbageAsync();

        Assert.Null(await client.ContentInfoAsync(unheld, CancellationToken.None));
        Assert.NotNull(await client.ContentInfoAsync(held, CancellationToken.None));
        Assert.Contains(held, await client.ListLeaseContentAsync(lease.Id, CancellationToken.None));

        Assert.True(await client.DeleteLeaseAsync(lease.Id, synchronousGc: true, CancellationToken.None));

        Assert.Null(await client.ContentInfoAsync(held, CancellationToken.None));
    }

    [Fact]
    public async Task AddLeaseContent_KeepsABlobAnotherLeaseWrote_UntilTheResourceIsDropped()
    {
        using var client = containerd.CreateClient();
        var writer = await client.CreateLeaseAsync(null, ExpiresInAnHour(), CancellationToken.None);
        var keeper = await client.CreateLeaseAsync(null, ExpiresInAnHour(), CancellationToken.None);
        var digest = await WriteAsync(client.WithLease(writer.Id));

        await client.AddLeaseContentAsync(keeper.Id, digest, CancellationToken.None);
        await client.DeleteLeaseAsync(writer.Id, synchronousGc: true, CancellationToken.None);
        Assert.NotNull(await client.ContentInfoAsync(digest, CancellationToken.None));

        await client.DeleteLeaseContentAsync(keeper.Id, digest, CancellationToken.None);
        await containerd.CollectGarbageAsync();
        Assert.Null(await client.ContentInfoAsync(digest, CancellationToken.None));
        Assert.Contains(await client.ListLeasesAsync(CancellationToken.None), l => l.Id == keeper.Id && l.Labels.ContainsKey(ContainerdLabels.GcExpire));
    }

    [Fact]
    public async Task ExpiredLease_IsDeletedByGc_WithTheBlobsOnlyItHeld()
    {
        using var client = containerd.CreateClient();
        // Long enough that the writes and the first collection end before it passes, on a loaded machine too.
        var expiring = await client.CreateLeaseAsync("expiring-" + Guid.NewGuid().ToString("N"), ExpiresIn(TimeSpan.FromSeconds(8)), CancellationToken.None);
        var lasting = await client.CreateLeaseAsync("lasting-" + Guid.NewGuid().ToString("N"), ExpiresInAnHour(), CancellationToken.None);
        var doomed = await WriteAsync(client.WithLease(expiring.Id));
        var kept = await WriteAsync(client.WithLease(lasting.Id));

        await containerd.CollectGarbageAsync();
        Assert.NotNull(await client.ContentInfoAsync(doomed, CancellationToken.None));

        // containerd reads the label on its own clock, the same host's as this one.
        Assert.NotNull(expiring.ExpiresAt);
        var expiresAt = expiring.ExpiresAt.Value;
        await Until.HoldsAsync(() => DateTimeOffset.UtcNow > expiresAt.AddMilliseconds(100), TimeSpan.FromSeconds(30), "the lease's expiry did not pass");
        await containerd.CollectGarbageAsync();

        Assert.Null(await client.ContentInfoAsync(doomed, CancellationToken.None));
        Assert.NotNull(await client.ContentInfoAsync(kept, CancellationToken.None));
        var leases = (await client.ListLeasesAsync(CancellationToken.None)).Select(l => l.Id).ToList();
        Assert.DoesNotContain(expiring.Id, leases);
        Assert.Contains(lasting.Id, leases);
    }

    [Fact]
    public async Task LeaseResources_ListTheBlobsAndTheUnfinishedWrites_AndABlobNamedBeforeItExistsIsHeldOnceCommitted()
    {
        using var client = containerd.CreateClient();
        var lease = await client.CreateLeaseAsync("resources-" + Guid.NewGuid().ToString("N"), ExpiresInAnHour(), CancellationToken.None);
        var (bytes, digest) = SyntheticImageWriter.RandomBlob(4096);
        await client.AddLeaseResourceAsync(lease.Id, LeaseResource.Content(digest), CancellationToken.None);
        await client.AddLeaseResourceAsync(lease.Id, LeaseResource.Ingest("layer-" + digest), CancellationToken.None);

        // Written under no lease at all: only the lease that named it in advance keeps it.
        await client.WriteContentAsync("layer-" + digest, digest, bytes.Length, new MemoryStream(bytes), cancellationToken: CancellationToken.None);
        await containerd.CollectGarbageAsync();

        Assert.NotNull(await client.ContentInfoAsync(digest, CancellationToken.None));
        var resources = await client.ListLeaseResourcesAsync(lease.Id, CancellationToken.None);
        Assert.Contains(LeaseResource.Content(digest), resources);
        Assert.Contains(LeaseResource.Ingest("layer-" + digest), resources);
        Assert.Equal([digest], await client.ListLeaseContentAsync(lease.Id, CancellationToken.None));
    }

    private static Dictionary<string, string> ExpiresInAnHour() => ExpiresIn(TimeSpan.FromHours(1));

    private static Dictionary<string, string> ExpiresIn(TimeSpan lifetime) => ContainerdLabels.ExpiringAt(DateTimeOffset.UtcNow + lifetime);

    private static async Task<Digest> WriteAsync(ContainerdClient client)
    {
        var (bytes, digest) = SyntheticImageWriter.RandomBlob(4096);
        await client.WriteContentAsync("layer-" + digest, digest, bytes.Length, new MemoryStream(bytes), cancellationToken: CancellationToken.None);
        return digest;
    }
}
