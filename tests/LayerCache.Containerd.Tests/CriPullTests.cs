using LayerCache.Registry;
using LayerCache.Testing.Containerd;
using LayerCache.Testing.Registry;

namespace LayerCache.Containerd.Tests;

/// <summary>CRI pulls from a real registry on plain HTTP, trusted through the fixture's certs.d.</summary>
public sealed class CriPullTests(ContainerdFixture containerd, RegistryFixture registry)
    : IClassFixture<ContainerdFixture>, IClassFixture<RegistryFixture>
{
    [Fact]
    public async Task PullImage_FromAPlainHttpRegistry_UnpacksAndResolvesToThisPlatformsLayers()
    {
        var index = await PushIndexAsync("app/pulled:1", seed: 1);
        containerd.TrustPlainHttpRegistry(registry.Host);
        using var client = containerd.CreateClient();
        var reference = $"{registry.Host}/app/pulled:1";

        var imageId = await client.PullImageAsync(reference);

        var expected = index.For(Platform.Current);
        Assert.Equal(expected.Config.Digest.Value, imageId);
        var status = await client.ImageStatusAsync(reference, CancellationToken.None);
        Assert.NotNull(status);
        Assert.Contains(reference, status.RepoTags);
        var image = await client.GetImageAsync(reference, CancellationToken.None);
        var resolved = await client.ResolveImageLayersAsync(image!, CancellationToken.None);
        Assert.Equal(expected.Layers, resolved.Layers);
        Assert.All(expected.Layers, l => Assert.Equal(1, registry.BlobGets(l.Digest)));
    }

    [Fact]
    public async Task PullImage_AfterALayerWasWrittenToTheContentStore_DoesNotDownloadThatLayer()
    {
        var index = await PushIndexAsync("app/prefetched:1", seed: 2);
        containerd.TrustPlainHttpRegistry(registry.Host);
        using var client = containerd.CreateClient();
        var image = index.For(Platform.Current);
        var prefetched = image.TestLayers[0];
        var lease = await client.CreateLeaseAsync(null, cancellationToken: CancellationToken.None);
        await client.WithLease(lease.Id).WriteContentAsync(
            "layer-" + prefetched.Digest, prefetched.Digest, prefetched.SizeBytes, new MemoryStream(prefetched.Bytes), cancellationToken: CancellationToken.None);

        await client.PullImageAsync($"{registry.Host}/app/prefetched:1");

        Assert.Equal(0, registry.BlobGets(prefetched.Digest));
        Assert.Equal(1, registry.BlobGets(image.TestLayers[1].Digest));
    }

    private async Task<TestIndex> PushIndexAsync(string repositoryAndTag, int seed)
    {
        var builder = new OciImageBuilder(seed);
        var layers = builder.CreateLayers(40_000, 20_000);
        var other = Platform.Current.Architecture == "amd64" ? new Platform("linux", "arm64") : new Platform("linux", "amd64");
        var index = OciImageBuilder.CreateIndex([builder.CreateImage(layers, other), builder.CreateImage(builder.CreateLayers(30_000, 10_000))]);
        using var client = registry.CreateClient();
        await OciImageBuilder.PushAsync(client, registry.Reference(repositoryAndTag), index);
        return index;
    }
}
