using LayerCache.Core.Model;
using LayerCache.Testing.Containerd;

namespace LayerCache.Containerd.Tests;

public sealed class ImageInventoryTests(ContainerdFixture containerd) : IClassFixture<ContainerdFixture>
{
    [Fact]
    public async Task ResolveImageLayers_ThroughAnOciIndex_ReturnsThisPlatformsLayers()
    {
        using var client = containerd.CreateClient();
        var written = await SyntheticImageWriter.WriteAsync(client, "registry.test/app/oci:1", layerCount: 3);
        var image = await client.GetImageAsync(written.Name, CancellationToken.None);
        Assert.NotNull(image);
        Assert.Equal(ImageMediaTypes.OciIndex, image.Target.MediaType);

        var resolved = await client.ResolveImageLayersAsync(image, CancellationToken.None);

        Assert.Equal(written.Name, resolved.Reference);
        Assert.Equal(written.ManifestDigest, resolved.ManifestDigest);
        Assert.Equal(written.Layers, resolved.Layers);

        // The manifest's own bytes come along, so the inventory can store the image by digest for others to check.
        Assert.Equal(written.ManifestDigest, Digest.Of(resolved.Manifest.Span));
        Assert.Equal(written.Layers, OciManifest.ReadLayers(resolved.Manifest.Span));
    }

    [Fact]
    public async Task ResolveImageLayers_ThroughADockerManifestList_ReturnsThisPlatformsLayers()
    {
        using var client = containerd.CreateClient();
        var written = await SyntheticImageWriter.WriteAsync(client, "registry.test/app/docker:1", dockerMediaTypes: true);
        var image = await client.GetImageAsync(written.Name, CancellationToken.None);

        var resolved = await client.ResolveImageLayersAsync(image!, CancellationToken.None);

        Assert.Equal(written.Layers, resolved.Layers);
        Assert.All(resolved.Layers, l => Assert.Equal("application/vnd.docker.image.rootfs.diff.tar.gzip", l.MediaType));
    }

    [Fact]
    public async Task ResolveImageLayers_WhenTheManifestWasCollected_FailsWithContentMissing()
    {
        using var client = containerd.CreateClient();
        var written = await SyntheticImageWriter.WriteAsync(client, "registry.test/app/gone:1");
        await client.DeleteContentAsync(written.ManifestDigest, CancellationToken.None);
        var image = await client.GetImageAsync(written.Name, CancellationToken.None);

        var error = await Assert.ThrowsAsync<ImageResolutionException>(() => client.ResolveImageLayersAsync(image!, CancellationToken.None));

        Assert.Equal(ImageResolutionFailure.ContentMissing, error.Failure);
        Assert.Equal(written.ManifestDigest, error.Digest);
    }

    [Fact]
    public async Task ImageBlobs_CarryingGcRefLabels_SurviveGc_UntilTheImageIsDeleted()
    {
        // Outside k8s.io: there the CRI plugin adds its own record for every image (see CriImageTests).
        using var root = containerd.CreateClient();
        var client = root.WithNamespace("layercache-test");
        var written = await SyntheticImageWriter.WriteAsync(client, "registry.test/app/kept:1");

        await containerd.CollectGarbageAsync();
        foreach (var blob in written.AllBlobs)
        {
            Assert.NotNull(await client.ContentInfoAsync(blob, CancellationToken.None));
        }

        Assert.Contains(await client.ListImagesAsync(CancellationToken.None), i => i.Name == written.Name && i.Target == written.Target);
        Assert.True(await client.DeleteImageAsync(written.Name, synchronousGc: true, CancellationToken.None));
        foreach (var blob in written.AllBlobs)
        {
            Assert.Null(await client.ContentInfoAsync(blob, CancellationToken.None));
        }
    }

    [Fact]
    public async Task ListContainers_ReportsTheImageEachContainerUses()
    {
        using var client = containerd.CreateClient();
        var id = "app-" + Guid.NewGuid().ToString("N")[..8];
        await client.CreateContainerAsync(id, "registry.test/app/running:1", CancellationToken.None);

        var containers = await client.ListContainersAsync(CancellationToken.None);

        Assert.Contains(containers, c => c.Id == id && c.Image == "registry.test/app/running:1");
        Assert.True(await client.DeleteContainerAsync(id, CancellationToken.None));
        Assert.DoesNotContain(await client.ListContainersAsync(CancellationToken.None), c => c.Id == id);
    }
}
