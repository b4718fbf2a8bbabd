using LayerCache.Testing.Containerd;

namespace LayerCache.Containerd.Tests;

/// <summary>What garbage collection keeps for the images, worked out from containerd's records and checked against a real collection.</summary>
public sealed class ImageReferencedContentTests(ContainerdFixture containerd) : IClassFixture<ContainerdFixture>
{
    [Fact]
    public async Task Of_AnImageThroughItsIndex_IsEveryBlobItReaches_AndNoBlobItDoesNot()
    {
        using var client = containerd.CreateClient();
        var image = await SyntheticImageWriter.WriteAsync(client, "registry.test/referenced/app:1", layerCount: 2);
        var lease = await client.CreateLeaseAsync(null, ContainerdLabels.ExpiringAt(DateTimeOffset.UtcNow.AddHours(1)), CancellationToken.None);
        var (bytes, loose) = SyntheticImageWriter.RandomBlob(2048);
        await client.WithLease(lease.Id).WriteContentAsync("layer-" + loose, loose, bytes.Length, new MemoryStream(bytes), cancellationToken: CancellationToken.None);

        var referenced = ImageReferencedContent.Of(
            await client.ListImagesAsync(CancellationToken.None), await client.ListContentAsync(CancellationToken.None));

        Assert.Superset(image.AllBlobs.ToHashSet(), referenced.ToHashSet());
        Assert.DoesNotContain(loose, referenced);

        // The collector agrees: without the lease, the loose blob goes and every referenced one stays.
        await client.DeleteLeaseAsync(lease.Id, synchronousGc: true, CancellationToken.None);
        Assert.Null(await client.ContentInfoAsync(loose, CancellationToken.None));
        foreach (var digest in referenced)
        {
            Assert.NotNull(await client.ContentInfoAsync(digest, CancellationToken.None));
        }
    }
}
