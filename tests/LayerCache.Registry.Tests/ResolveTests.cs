using LayerCache.Core.Model;
using LayerCache.Testing.Registry;

namespace LayerCache.Registry.Tests;

public sealed class ResolveTests(RegistryFixture registry) : IClassFixture<RegistryFixture>
{
    [Fact]
    public async Task Resolve_OciManifestByTag_ReturnsItsLayersInOrder()
    {
        using var client = registry.CreateClient();
        var builder = new OciImageBuilder(seed: 101);
        var image = builder.CreateImage(builder.CreateLayers(3000, 5000, 700));
        var target = registry.Reference("resolve/oci:v1");
        await OciImageBuilder.PushAsync(client, target, image);

        var resolved = await client.ResolveAsync(target);

        Assert.Equal(image.ManifestDigest, resolved.ManifestDigest);
        Assert.Equal(image.ManifestDigest, resolved.Target.Digest);
        Assert.Equal(MediaTypes.OciManifest, resolved.Manifest.MediaType);
        Assert.Equal(image.Config.Digest, resolved.Config.Digest);
        Assert.Equal(image.Layers, resolved.Image.Layers);
        Assert.Equal(image.ManifestDigest, resolved.Image.ManifestDigest);
        Assert.Equal(target.ToString(), resolved.Image.Reference);
        Assert.Equal(image.TestLayers.Sum(l => l.SizeBytes), resolved.Image.SizeBytes);
    }

    [Fact]
    public async Task Resolve_ByDigest_ReturnsTheSameManifest()
    {
        using var client = registry.CreateClient();
        var builder = new OciImageBuilder(seed: 102);
        var image = builder.CreateImage(builder.CreateLayers(1000));
        var target = registry.Reference("resolve/bydigest:v1");
        await OciImageBuilder.PushAsync(client, target, image);

        var resolved = await client.ResolveAsync(registry.Reference($"resolve/bydigest@{image.ManifestDigest}"));

        Assert.Equal(image.ManifestDigest, resolved.ManifestDigest);
        Assert.Equal(image.Layers, resolved.Image.Layers);
    }

    [Fact]
    public async Task Resolve_OciIndex_PicksThisMachinesPlatform()
    {
        using var client = registry.CreateClient();
        var builder = new OciImageBuilder(seed: 103);
        var shared = builder.CreateLayer(4000);
        var platforms = new[] { new Platform("linux", "amd64"), new Platform("linux", "arm64", "v8"), new Platform("linux", "s390x") };
        var images = platforms.Select(p => builder.CreateImage([shared, builder.CreateLayer(1500)], p)).ToList();
        var index = OciImageBuilder.CreateIndex(images);
        var target = registry.Reference("resolve/index:v1");
        await OciImageBuilder.PushAsync(client, target, index);

        var resolved = await client.ResolveAsync(target);

        var expected = index.For(Platform.Current);
        Assert.Equal(index.IndexDigest, resolved.Target.Digest);
        Assert.Equal(MediaTypes.OciIndex, resolved.Target.MediaType);
        Assert.Equal(expected.ManifestDigest, resolved.ManifestDigest);
        Assert.Equal(expected.Layers, resolved.Image.Layers);
        Assert.Equal(shared.Digest, resolved.Image.Layers[0].Digest);
    }

    [Fact]
    public async Task Resolve_OciIndex_OtherPlatformOnRequest()
    {
        using var client = registry.CreateClient();
        var builder = new OciImageBuilder(seed: 104);
        var images = new[] { new Platform("linux", "amd64"), new Platform("linux", "arm64", "v8") }
            .Select(p => builder.CreateImage(builder.CreateLayers(800), p)).ToList();
        var index = OciImageBuilder.CreateIndex(images);
        var target = registry.Reference("resolve/other:v1");
        await OciImageBuilder.PushAsync(client, target, index);

        var arm = await client.ResolveAsync(target, new Platform("linux", "arm64"));
        var missing = await Assert.ThrowsAsync<RegistryNotFoundException>(() => client.ResolveAsync(target, new Platform("linux", "ppc64le")));

        Assert.Equal(images[1].ManifestDigest, arm.ManifestDigest);
        Assert.Contains("linux/ppc64le", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resolve_DockerManifestList_PicksThisPlatformsDockerManifest()
    {
        using var client = registry.CreateClient();
        var builder = new OciImageBuilder(seed: 105);
        var images = new[] { new Platform("linux", "amd64"), new Platform("linux", "arm64", "v8") }
            .Select(p => builder.CreateImage(builder.CreateLayers(900, 100), p, dockerMediaTypes: true)).ToList();
        var list = OciImageBuilder.CreateIndex(images, dockerMediaTypes: true);
        var target = registry.Reference("resolve/docker:v1");
        await OciImageBuilder.PushAsync(client, target, list);

        var resolved = await client.ResolveAsync(target);

        Assert.Equal(MediaTypes.DockerManifestList, resolved.Target.MediaType);
        Assert.Equal(MediaTypes.DockerManifest, resolved.Manifest.MediaType);
        Assert.Equal(list.For(Platform.Current).ManifestDigest, resolved.ManifestDigest);
        Assert.All(resolved.Image.Layers, l => Assert.Equal(MediaTypes.DockerLayerGzip, l.MediaType));
    }

    [Fact]
    public async Task Resolve_UnknownTag_ThrowsNotFoundWithTheRegistrysCode()
    {
        using var client = registry.CreateClient();
        var builder = new OciImageBuilder(seed: 106);
        await OciImageBuilder.PushAsync(client, registry.Reference("resolve/known:v1"), builder.CreateImage(builder.CreateLayers(10)));

        var error = await Assert.ThrowsAsync<RegistryNotFoundException>(() => client.ResolveAsync(registry.Reference("resolve/known:nope")));

        Assert.Contains("MANIFEST_UNKNOWN", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resolve_ManifestBytesThatDoNotHashToTheDigest_AreRejected()
    {
        using var client = registry.CreateClient();
        var builder = new OciImageBuilder(seed: 107);
        var image = builder.CreateImage(builder.CreateLayers(10));
        await OciImageBuilder.PushAsync(client, registry.Reference("resolve/mismatch:v1"), image);
        registry.Proxy.Inject(new BlobFault(BlobFaultKind.Corrupt, image.ManifestDigest) { AfterBytes = 20 });

        var error = await Assert.ThrowsAsync<BlobVerificationException>(
            () => client.ResolveAsync(registry.Reference($"resolve/mismatch@{image.ManifestDigest}")));

        Assert.Equal(image.ManifestDigest, error.Expected);
    }

    [Fact]
    public async Task Resolve_LayerOfAnUnsupportedMediaType_ThrowsNamingIt()
    {
        using var client = registry.CreateClient();
        var builder = new OciImageBuilder(seed: 108);
        const string unknown = "application/vnd.example.not-a-layer";
        var image = builder.CreateImage(builder.CreateLayers(10), layerMediaType: unknown);
        var target = registry.Reference("resolve/unsupported:v1");
        await OciImageBuilder.PushAsync(client, target, image);

        var error = await Assert.ThrowsAsync<UnsupportedMediaTypeException>(() => client.ResolveAsync(target));

        Assert.Equal(unknown, error.MediaType);
    }

    [Fact]
    public async Task Resolve_ManifestServerErrorsOnce_IsRetried()
    {
        var time = new RecordingTimeProvider();
        var options = registry.CreateOptions();
        options.TimeProvider = time;
        using var client = registry.CreateClient(options);
        var builder = new OciImageBuilder(seed: 109);
        var image = builder.CreateImage(builder.CreateLayers(10));
        await OciImageBuilder.PushAsync(client, registry.Reference("resolve/flaky:v1"), image);
        registry.Proxy.Inject(new BlobFault(BlobFaultKind.ServiceUnavailable, image.ManifestDigest));

        var resolved = await client.ResolveAsync(registry.Reference($"resolve/flaky@{image.ManifestDigest}"));

        Assert.Equal(image.ManifestDigest, resolved.ManifestDigest);
        Assert.Single(time.Delays);
    }

    [Fact]
    public async Task HeadManifest_Tag_GivesTheIndexDescriptorWithoutItsBody()
    {
        using var client = registry.CreateClient();
        var builder = new OciImageBuilder(seed: 110);
        var index = OciImageBuilder.CreateIndex([builder.CreateImage(builder.CreateLayers(10))]);
        var target = registry.Reference("resolve/head:v1");
        await OciImageBuilder.PushAsync(client, target, index);

        var descriptor = await client.HeadManifestAsync(target);

        Assert.Equal(index.Index, descriptor);
        Assert.Contains(registry.Proxy.Requests, r => r.Method == "HEAD" && r.PathAndQuery.EndsWith("/resolve/head/manifests/v1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Resolve_ByTagWithBytesThatDoNotMatchDockerContentDigest_IsRejected()
    {
        using var client = registry.CreateClient();
        var builder = new OciImageBuilder(seed: 111);
        var image = builder.CreateImage(builder.CreateLayers(10));
        await OciImageBuilder.PushAsync(client, registry.Reference("resolve/header:v1"), image);
        registry.Proxy.Inject(new BlobFault(BlobFaultKind.Corrupt) { ManifestTag = "v1", AfterBytes = 5 });

        var error = await Assert.ThrowsAsync<BlobVerificationException>(() => client.ResolveAsync(registry.Reference("resolve/header:v1")));

        Assert.Equal(image.ManifestDigest, error.Expected);
        Assert.Contains("Docker-Content-Digest", error.Message, StringComparison.Ordinal);
    }
}
