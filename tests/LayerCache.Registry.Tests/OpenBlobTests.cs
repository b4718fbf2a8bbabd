using LayerCache.Testing.Registry;

namespace LayerCache.Registry.Tests;

public sealed class OpenBlobTests(RegistryFixture registry) : IClassFixture<RegistryFixture>
{
    [Fact]
    public async Task Open_FromZeroWithACutBody_ReadsEveryByteOnce()
    {
        var (client, target, layer) = await PushLayerAsync(501, 300_000);
        using var _ = client;
        registry.Proxy.Inject(new BlobFault(BlobFaultKind.Truncate, layer.Digest) { AfterBytes = 70_000 });
        using var copy = new MemoryStream();

        await using (var stream = await client.OpenBlobAsync(target, layer.ToLayer()))
        {
            await stream.CopyToAsync(copy);
        }

        Assert.Equal(layer.Bytes, copy.ToArray());
        Assert.Equal(2, registry.BlobGets(layer.Digest));
    }

    [Fact]
    public async Task Open_FromAnOffset_AsksForTheRestOnly()
    {
        var (client, target, layer) = await PushLayerAsync(502, 100_000);
        using var _ = client;
        using var copy = new MemoryStream();

        await using (var stream = await client.OpenBlobAsync(target, layer.ToLayer(), offset: 40_000))
        {
            await stream.CopyToAsync(copy);
        }

        Assert.Equal(layer.Bytes[40_000..], copy.ToArray());

        // The proxy logs a request as its response starts, which can trail the client by a moment.
        var deadline = DateTime.UtcNow.AddSeconds(2);
        bool Asked() => registry.Proxy.Requests.Any(r => r.Range == "bytes=40000-" && r.PathAndQuery.EndsWith(layer.Digest.Value, StringComparison.Ordinal));
        while (!Asked() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.True(Asked(), string.Join("\n", registry.Proxy.Requests.Where(r => r.PathAndQuery.Contains(layer.Digest.Value, StringComparison.Ordinal))));
    }

    [Fact]
    public async Task Open_CorruptedBytes_TheLastReadThrowsInsteadOfEnding()
    {
        var (client, target, layer) = await PushLayerAsync(503, 100_000);
        using var _ = client;
        registry.Proxy.Inject(new BlobFault(BlobFaultKind.Corrupt, layer.Digest) { AfterBytes = 99_000 });
        await using var stream = await client.OpenBlobAsync(target, layer.ToLayer());

        var error = await Assert.ThrowsAsync<BlobVerificationException>(() => stream.CopyToAsync(Stream.Null));

        Assert.Equal(layer.Digest, error.Expected);
    }

    [Fact]
    public async Task Open_UnknownBlob_FailsAtOpen()
    {
        var (client, target, _) = await PushLayerAsync(504, 10);
        using var __ = client;
        var unknown = new OciImageBuilder(seed: 5040).CreateLayer(10);

        await Assert.ThrowsAsync<RegistryNotFoundException>(() => client.OpenBlobAsync(target, unknown.ToLayer()));
    }

    private async Task<(RegistryClient Client, ImageReference Target, TestLayer Layer)> PushLayerAsync(int seed, int sizeBytes)
    {
        var client = registry.CreateClient();
        var layer = new OciImageBuilder(seed).CreateLayer(sizeBytes);
        var target = registry.Reference($"open/test-{seed}:v1");
        await client.PushBlobAsync(target, layer.Bytes, MediaTypes.OciLayerGzip);
        return (client, target, layer);
    }
}
