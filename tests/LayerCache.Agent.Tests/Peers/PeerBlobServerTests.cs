using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using LayerCache.Agent.Tests.Support;
using LayerCache.Testing.Registry;

namespace LayerCache.Agent.Tests.Peers;

/// <summary>
/// The agent's peer port against a real containerd: blobs the node holds, by digest, whole or a range; nothing else,
/// however asked; no more uploads at once than allowed, and no faster than the cap.
/// </summary>
public sealed class PeerBlobServerTests(NodeEnvironment environment) : IClassFixture<NodeEnvironment>
{
    [Fact]
    public async Task HeldBlob_WholeRangeAndHead_AreItsBytesWithARegistrysHeaders()
    {
        var (layer, peer) = await HeldLayerAsync("whole");
        await using var _ = peer;
        var path = $"/v2/any/repo/blobs/{layer.Digest}";

        using var whole = await peer.Http.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, whole.StatusCode);
        Assert.Equal(layer.Bytes, await whole.Content.ReadAsByteArrayAsync());
        Assert.Equal(layer.Digest.Value, whole.Headers.GetValues("Docker-Content-Digest").Single());

        using var ranged = new HttpRequestMessage(HttpMethod.Get, path) { Headers = { Range = new RangeHeaderValue(100, 1099) } };
        using var part = await peer.Http.SendAsync(ranged);
        Assert.Equal(HttpStatusCode.PartialContent, part.StatusCode);
        Assert.Equal(layer.Bytes.AsSpan(100, 1000).ToArray(), await part.Content.ReadAsByteArrayAsync());
        Assert.Equal($"bytes 100-1099/{layer.SizeBytes}", part.Content.Headers.ContentRange?.ToString());

        using var tail = new HttpRequestMessage(HttpMethod.Get, path) { Headers = { Range = new RangeHeaderValue(null, 10) } };
        using var last = await peer.Http.SendAsync(tail);
        Assert.Equal(layer.Bytes[^10..], await last.Content.ReadAsByteArrayAsync());

        using var beyond = new HttpRequestMessage(HttpMethod.Get, path) { Headers = { Range = new RangeHeaderValue(layer.SizeBytes, null) } };
        using var unsatisfiable = await peer.Http.SendAsync(beyond);
        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, unsatisfiable.StatusCode);

        using var head = await peer.Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, path));
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(layer.SizeBytes, head.Content.Headers.ContentLength);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task AnythingButAHeldBlobByDigest_IsNotServed()
    {
        var (layer, peer) = await HeldLayerAsync("only");
        await using var _ = peer;
        var unknown = "sha256:" + Convert.ToHexStringLower(SHA256.HashData("not on this node"u8));

        string[] notFound =
        [
            $"/v2/any/blobs/{unknown}",
            "/v2/any/manifests/latest",
            $"/v2/any/manifests/{layer.Digest}",
            "/v2/any/blobs/latest",
            $"/v2/any/blobs/{layer.Digest.Value.ToUpperInvariant()}",
            $"/v2/../blobs/{layer.Digest}",
            $"/v2/Any/blobs/{layer.Digest}",
            $"/blobs/{layer.Digest}",
            $"/v2/any/blobs/{layer.Digest}/x",
            "/metrics",
            "/v2/_catalog",
        ];
        foreach (var path in notFound)
        {
            using var response = await peer.Http.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{path}: {(int)response.StatusCode}");
        }

        using var post = await peer.Http.PostAsync($"/v2/any/blobs/{layer.Digest}", new ByteArrayContent([1]));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, post.StatusCode);
        using var delete = await peer.Http.DeleteAsync($"/v2/any/blobs/{layer.Digest}");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, delete.StatusCode);
        Assert.NotNull(await environment.Client().ContentInfoAsync(layer.Digest, CancellationToken.None));
    }

    [Fact]
    public async Task Uploads_BeyondTheLimitAreTurnedAway_AndAllTogetherKeepToTheCap()
    {
        const int cap = 100_000;
        var (layer, peer) = await HeldLayerAsync("capped", ("Agent:Peers:MaxUploads", "1"), ("Agent:Peers:UploadBytesPerSecond", cap.ToString(CultureInfo.InvariantCulture)));
        await using var _ = peer;
        var path = $"/v2/any/blobs/{layer.Digest}";
        var started = Stopwatch.StartNew();

        using var first = await peer.Http.GetAsync(path, HttpCompletionOption.ResponseHeadersRead);
        using var second = await peer.Http.GetAsync(path);
        var bytes = await first.Content.ReadAsByteArrayAsync();
        var elapsed = started.Elapsed;

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
        Assert.Equal(1, peer.Agent.Get<AgentMetrics>().PeerUploadsRefused.Value());
        Assert.Equal(layer.Bytes, bytes);
        // The bucket starts full with a tenth of a second's bytes; the rest comes at the cap at most.
        var least = TimeSpan.FromSeconds((layer.SizeBytes - (cap / 10.0)) / cap);
        Assert.True(elapsed >= least * 0.9, $"{layer.SizeBytes} bytes in {elapsed.TotalSeconds:F2} s, faster than {cap} bytes a second");
        using var third = await peer.Http.GetAsync($"/v2/any/blobs/{layer.Digest}", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, third.StatusCode);
    }

    /// <summary>A layer pulled onto the node, and an agent serving peers.</summary>
    private async Task<(TestLayer Layer, Peer Peer)> HeldLayerAsync(string name, params (string Key, string Value)[] settings)
    {
        var (reference, image) = await environment.PushAsync($"peers/served-{name}:v1", environment.Layers(250_000));
        using var client = environment.Client();
        await client.PullImageAsync(reference);
        var port = FreePort.Find();
        var configuration = new Dictionary<string, string?>
        {
            ["Agent:Peers:Port"] = port.ToString(CultureInfo.InvariantCulture),
            ["Agent:Peers:AdvertiseAddress"] = $"http://127.0.0.1:{port}",
        };
        foreach (var (key, value) in settings)
        {
            configuration[key] = value;
        }

        var agent = await AgentHost.StartAsync(environment, configuration);
        return (Assert.Single(image.TestLayers), new Peer(agent, new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") }));
    }

    private sealed record Peer(AgentHost Agent, HttpClient Http) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            Http.Dispose();
            await Agent.DisposeAsync();
        }
    }
}
