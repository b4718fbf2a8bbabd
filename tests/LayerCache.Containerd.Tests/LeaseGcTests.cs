using LayerCache.Core.Model;
using LayerCache.Testing.Containerd;

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

    private static Dictionary<string, string> ExpiresInAnHour() => new()
    {
        [ContainerdLabels.GcExpire] = ContainerdLabels.ExpiryValue(DateTimeOffset.UtcNow.AddHours(1)),
    };

    private static async Task<Digest> WriteAsync(ContainerdClient client)
    {
        var (bytes, digest) = SyntheticImageWriter.RandomBlob(4096);
        await client.WriteContentAsync("layer-" + digest, digest, bytes.Length, new MemoryStream(bytes), cancellationToken: CancellationToken.None);
        return digest;
    }
}
