using System.Text.Json;
using LayerCache.Core.Model;
using LayerCache.EndToEnd.Images;
using LayerCache.Registry;
using LayerCache.Testing.Registry;

namespace LayerCache.EndToEnd.Tests.Images;

public sealed class ImagePublisherTests(RegistryFixture registry) : IClassFixture<RegistryFixture>
{
    private const double Scale = 0.5;

    private static readonly Layer Debian = CorpusLayer("debian", 60_000);
    private static readonly Layer Alpine = CorpusLayer("alpine", 8_000);
    private static readonly Layer Python = CorpusLayer("python", 40_000);
    private static readonly Layer Empty = CorpusLayer("empty", 0);
    private static readonly Layer Tiny = CorpusLayer("tiny", 22);

    // Ranks 0-2 share the debian base, 1 and 3 share the python layer, 2 repeats the empty layer as corpus images do.
    private static readonly IReadOnlyList<ContainerImage> Ranked =
    [
        Corpus("nginx", Debian, CorpusLayer("nginx", 30_000), Tiny),
        Corpus("python", Debian, Python),
        Corpus("redis", Debian, Empty, CorpusLayer("redis", 20_000), Empty),
        Corpus("python-alpine", Alpine, Python, Tiny),
    ];

    [Fact]
    public async Task PublishAsync_SharedLayers_EachUploadedOnceAndMountedElsewhere()
    {
        using var client = registry.CreateClient();
        using var publisher = new ImagePublisher(client, registry.Host, seed: 11, Scale);

        var published = await publisher.PublishAsync(Ranked, [0, 1, 2, 3]);

        var distinct = published.Values.SelectMany(i => i.Layers).DistinctBy(l => l.Digest).ToList();
        Assert.Equal(7, distinct.Count);
        // At most once: an empty layer's tar does not depend on the seed, so another test may have uploaded it already.
        Assert.All(distinct, l => Assert.InRange(Requests("PUT", l.Digest), 0, 1));
        var uploaded = distinct.Where(l => Requests("PUT", l.Digest) == 1).Sum(l => l.SizeBytes);

        var debian = published[0].Layers[0];
        Assert.Equal(debian, published[1].Layers[0]);
        Assert.Equal(debian, published[2].Layers[0]);
        Assert.Equal(2, Requests("POST", debian.Digest, "mount="));
        Assert.Equal(1, Requests("PUT", debian.Digest));
        Assert.InRange(publisher.PushedBytes, uploaded, uploaded + (4 * 4096)); // plus four configs and manifests
    }

    [Fact]
    public async Task PublishAsync_Images_RegistryResolvesThemToTheReturnedManifestAndLayers()
    {
        using var client = registry.CreateClient();
        using var publisher = new ImagePublisher(client, registry.Host, seed: 12, Scale);

        var published = await publisher.PublishAsync(Ranked, [1, 2, 3]);

        Assert.Equal([1, 2, 3], published.Keys.Order());
        foreach (var (rank, image) in published)
        {
            Assert.Equal($"{registry.Host}/e2e/img-{rank:D5}:v1", image.Reference);
            var resolved = await client.ResolveAsync(image.Reference);
            Assert.Equal(image.ManifestDigest, resolved.ManifestDigest);
            Assert.Equal(image.Layers, resolved.Image.Layers);
            Assert.Equal(Ranked[rank].Layers.Count, image.Layers.Count);
            Assert.All(image.Layers, l => Assert.Equal(MediaTypes.OciLayerGzip, l.MediaType));
        }

        var repeated = published[2].Layers;
        Assert.Equal(repeated[1], repeated[3]);
    }

    [Fact]
    public async Task PublishAsync_Image_ConfigRunsTheStartProgramOverEveryLayersDiffId()
    {
        using var client = registry.CreateClient();
        using var publisher = new ImagePublisher(client, registry.Host, seed: 13, Scale);

        var published = await publisher.PublishAsync(Ranked, [2]);

        var resolved = await client.ResolveAsync(published[2].Reference);
        using var config = JsonDocument.Parse(await ReadBlobAsync(client, resolved.Reference, resolved.Config));
        var root = config.RootElement;
        Assert.Equal(Platform.Current.Architecture, root.GetProperty("architecture").GetString());
        Assert.Equal("linux", root.GetProperty("os").GetString());
        Assert.Equal(["/lc-start"], root.GetProperty("config").GetProperty("Cmd").EnumerateArray().Select(e => e.GetString()));
        var diffIds = root.GetProperty("rootfs").GetProperty("diff_ids").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Equal(4, diffIds.Count);
        Assert.Equal(diffIds[1], diffIds[3]);
    }

    [Fact]
    public async Task PublishAsync_SameSeedAgain_UploadsNoLayerAndSameDigests()
    {
        using var client = registry.CreateClient();
        using var first = new ImagePublisher(client, registry.Host, seed: 14, Scale);
        using var second = new ImagePublisher(client, registry.Host, seed: 14, Scale);

        var before = await first.PublishAsync(Ranked, [0, 3]);
        var after = await second.PublishAsync(Ranked, [0, 3]);

        Assert.Equal(before[0].ManifestDigest, after[0].ManifestDigest);
        Assert.Equal(before[3].Layers, after[3].Layers);
        Assert.InRange(second.PushedBytes, 1, 2048); // the two manifests, put again to move the tag
    }

    [Fact]
    public async Task PublishAsync_RankOutsideTheCorpus_Throws()
    {
        using var client = registry.CreateClient();
        using var publisher = new ImagePublisher(client, registry.Host, seed: 15, Scale);

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => publisher.PublishAsync(Ranked, [4]));
    }

    private int Requests(string method, Digest digest, string? query = null) => registry.Proxy.Requests.Count(r =>
        r.Method == method && r.PathAndQuery.Contains(digest.Hex, StringComparison.Ordinal) &&
        (query is null || r.PathAndQuery.Contains(query, StringComparison.Ordinal)));

    private static async Task<byte[]> ReadBlobAsync(RegistryClient client, ImageReference repository, Descriptor blob)
    {
        await using var stream = await client.OpenBlobAsync(repository, new Layer(blob.Digest, blob.SizeBytes, blob.MediaType));
        using var content = new MemoryStream();
        await stream.CopyToAsync(content);
        return content.ToArray();
    }

    private static Layer CorpusLayer(string name, long sizeBytes) => new(LayerForgeTests.CorpusDigest(name), sizeBytes);

    private static ContainerImage Corpus(string name, params Layer[] layers) => new($"docker.io/library/{name}:latest", layers);
}
