using System.Net;
using LayerCache.Testing.Registry;

namespace LayerCache.Registry.Tests;

public sealed class BlobFetchTests(RegistryFixture registry) : IClassFixture<RegistryFixture>
{
    [Fact]
    public async Task Fetch_WritesTheExactBytesWithOneGet()
    {
        var (client, target, layer) = await PushLayerAsync(201, 200_000);
        using var _ = client;
        using var destination = new MemoryStream();

        var result = await client.FetchBlobAsync(target, layer.ToLayer(), destination);

        Assert.Equal(layer.Bytes, destination.ToArray());
        Assert.Equal(layer.Digest, result.Digest);
        Assert.Equal(1, result.Requests);
        Assert.Equal(1, registry.BlobGets(layer.Digest));
    }

    [Fact]
    public async Task Fetch_BodyCutOnce_ResumesWithRangeAndVerifies()
    {
        var (client, target, layer) = await PushLayerAsync(202, 400_000);
        using var _ = client;
        registry.Proxy.Inject(new BlobFault(BlobFaultKind.Truncate, layer.Digest) { AfterBytes = 150_000 });
        using var destination = new MemoryStream();

        var result = await client.FetchBlobAsync(target, layer.ToLayer(), destination);

        Assert.Equal(layer.Bytes, destination.ToArray());
        Assert.Equal(1, result.Resumes);
        Assert.Equal(2, registry.BlobGets(layer.Digest));
        var ranged = Assert.Single(RequestsFor(layer), r => r.Range is not null);
        var from = long.Parse(ranged.Range!["bytes=".Length..].TrimEnd('-'), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(from, 1, 150_000);
        Assert.Equal(206, ranged.Status);
        Assert.Equal(layer.SizeBytes, result.BytesReceived);
    }

    [Fact]
    public async Task Fetch_CallerHoldsAPrefix_AsksOnlyForTheRestAndVerifiesTheWhole()
    {
        var (client, target, layer) = await PushLayerAsync(203, 100_000);
        using var _ = client;
        using var destination = new MemoryStream();
        destination.Write(layer.Bytes, 0, 60_000);

        var result = await client.FetchBlobAsync(target, layer.ToLayer(), destination, resumeFrom: 60_000);

        Assert.Equal(layer.Bytes, destination.ToArray());
        Assert.Equal(layer.SizeBytes - 60_000, result.BytesReceived);
        Assert.Equal("bytes=60000-", Assert.Single(RequestsFor(layer)).Range);
    }

    [Fact]
    public async Task Fetch_CorruptedEveryTime_ThrowsVerificationErrorAfterRetrying()
    {
        var (client, target, layer) = await PushLayerAsync(204, 50_000);
        using var _ = client;
        registry.Proxy.Inject(new BlobFault(BlobFaultKind.Corrupt, layer.Digest, Times: 5) { AfterBytes = 1234 });
        using var destination = new MemoryStream();

        var error = await Assert.ThrowsAsync<BlobVerificationException>(() => client.FetchBlobAsync(target, layer.ToLayer(), destination));

        Assert.Equal(layer.Digest, error.Expected);
        Assert.Equal(2, registry.BlobGets(layer.Digest));
        registry.Proxy.ClearFaults();
    }

    [Fact]
    public async Task Fetch_CorruptedIntoAStreamThatCannotRewind_FailsAtOnce()
    {
        var (client, target, layer) = await PushLayerAsync(205, 50_000);
        using var _ = client;
        registry.Proxy.Inject(new BlobFault(BlobFaultKind.Corrupt, layer.Digest) { AfterBytes = 10 });
        using var destination = new ForwardOnlyStream();

        await Assert.ThrowsAsync<BlobVerificationException>(() => client.FetchBlobAsync(target, layer.ToLayer(), destination));

        Assert.Equal(1, registry.BlobGets(layer.Digest));
    }

    [Fact]
    public async Task Fetch_CorruptedOnce_DownloadsAgainIntoTheRewoundDestination()
    {
        var (client, target, layer) = await PushLayerAsync(206, 50_000);
        using var _ = client;
        registry.Proxy.Inject(new BlobFault(BlobFaultKind.Corrupt, layer.Digest) { AfterBytes = 49_000 });
        using var destination = new MemoryStream();

        await client.FetchBlobAsync(target, layer.ToLayer(), destination);

        Assert.Equal(layer.Bytes, destination.ToArray());
        Assert.Equal(2, registry.BlobGets(layer.Digest));
    }

    [Fact]
    public async Task Fetch_TooManyRequests_WaitsTheRetryAfterSeconds()
    {
        var time = new RecordingTimeProvider();
        var (client, target, layer) = await PushLayerAsync(207, 10_000, time);
        using var _ = client;
        registry.Proxy.Inject(new BlobFault(BlobFaultKind.TooManyRequests, layer.Digest) { RetryAfterSeconds = 7 });
        using var destination = new MemoryStream();

        await client.FetchBlobAsync(target, layer.ToLayer(), destination);

        Assert.Equal([TimeSpan.FromSeconds(7)], time.Delays);
        Assert.Equal(2, registry.BlobGets(layer.Digest));
        Assert.Equal(layer.Bytes, destination.ToArray());
    }

    [Fact]
    public async Task Fetch_RetryAfterLongerThanAllowed_FailsInsteadOfStalling()
    {
        var (client, target, layer) = await PushLayerAsync(208, 1_000);
        using var _ = client;
        registry.Proxy.Inject(new BlobFault(BlobFaultKind.TooManyRequests, layer.Digest) { RetryAfterSeconds = 3600 });

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.FetchBlobAsync(target, layer.ToLayer(), new MemoryStream()));

        Assert.Equal(HttpStatusCode.TooManyRequests, error.StatusCode);
        Assert.Contains("Retry-After", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fetch_ServiceUnavailableTwice_RetriesWithGrowingBackoff()
    {
        var time = new RecordingTimeProvider();
        var (client, target, layer) = await PushLayerAsync(209, 10_000, time);
        using var _ = client;
        registry.Proxy.Inject(new BlobFault(BlobFaultKind.ServiceUnavailable, layer.Digest, Times: 2));
        using var destination = new MemoryStream();

        await client.FetchBlobAsync(target, layer.ToLayer(), destination);

        Assert.Equal([TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(20)], time.Delays);
        Assert.Equal(3, registry.BlobGets(layer.Digest));
        Assert.Equal(layer.Bytes, destination.ToArray());
    }

    [Fact]
    public async Task Fetch_ServiceUnavailableAlways_FailsAfterMaxAttempts()
    {
        var (client, target, layer) = await PushLayerAsync(210, 1_000);
        using var _ = client;
        registry.Proxy.Inject(new BlobFault(BlobFaultKind.ServiceUnavailable, layer.Digest, Times: 100));

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.FetchBlobAsync(target, layer.ToLayer(), new MemoryStream()));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.Equal(registry.CreateOptions().MaxAttempts, registry.BlobGets(layer.Digest));
        registry.Proxy.ClearFaults();
    }

    [Fact]
    public async Task Fetch_UnknownBlob_ThrowsNotFound()
    {
        var (client, target, _) = await PushLayerAsync(211, 1_000);
        using var __ = client;
        var unknown = new OciImageBuilder(seed: 9999).CreateLayer(10);

        var error = await Assert.ThrowsAsync<RegistryNotFoundException>(() => client.FetchBlobAsync(target, unknown.ToLayer(), new MemoryStream()));

        Assert.Contains("BLOB_UNKNOWN", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fetch_WrongSizeInTheDescriptor_IsAVerificationError()
    {
        var (client, target, layer) = await PushLayerAsync(212, 5_000);
        using var _ = client;

        await Assert.ThrowsAsync<BlobVerificationException>(
            () => client.FetchBlobAsync(target, layer.Digest, layer.SizeBytes - 1, new MemoryStream()));
    }

    [Fact]
    public async Task Fetch_RedirectToAPlainHttpHostNotConfigured_IsRefused()
    {
        var (client, target, layer) = await PushLayerAsync(213, 1_000);
        using var _ = client;
        registry.Proxy.Inject(new BlobFault(BlobFaultKind.RedirectToAlternateHost, layer.Digest));

        var error = await Assert.ThrowsAsync<InsecureRegistryException>(() => client.FetchBlobAsync(target, layer.ToLayer(), new MemoryStream()));

        Assert.Equal(registry.AlternateHost, error.Uri.Authority);
        Assert.DoesNotContain(registry.Proxy.Requests, r => r.Host == registry.AlternateHost && r.PathAndQuery.StartsWith("/_storage/", StringComparison.Ordinal));
    }

    private IEnumerable<ProxiedRequest> RequestsFor(TestLayer layer) =>
        registry.Proxy.Requests.Where(r => r.Method == "GET" && r.PathAndQuery.EndsWith(layer.Digest.Value, StringComparison.Ordinal));

    private async Task<(RegistryClient Client, ImageReference Target, TestLayer Layer)> PushLayerAsync(int seed, int sizeBytes, TimeProvider? time = null)
    {
        var options = registry.CreateOptions();
        if (time is not null)
        {
            options.TimeProvider = time;
        }

        var client = registry.CreateClient(options);
        var layer = new OciImageBuilder(seed).CreateLayer(sizeBytes);
        var target = registry.Reference($"blobs/test-{seed}:v1");
        await client.PushBlobAsync(target, layer.Bytes, MediaTypes.OciLayerGzip);
        return (client, target, layer);
    }
}
