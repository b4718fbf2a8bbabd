using LayerCache.Agent.Peers;
using LayerCache.Agent.Tests.Support;
using LayerCache.Cluster;
using LayerCache.Core.Inventory;
using LayerCache.Core.Model;
using LayerCache.Registry;
using LayerCache.Testing.Registry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace LayerCache.Agent.Tests.Peers;

/// <summary>
/// Two nodes of one site on real containerd, a real registry and Redis: node A serves the blobs it holds to its peers,
/// node B's containerd pulls through B's agent as its mirror. What B pulls that A holds does not cross to the
/// registry; a peer that lies or stalls costs B the registry's copy, never a failed pull or a bad blob.
/// </summary>
public sealed class PeerFetchTests(SiteEnvironment site) : IClassFixture<SiteEnvironment>
{
    private static readonly TimeSpan Ceiling = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task PullOnB_LayersNodeAHolds_NoLayerByteFromTheRegistry()
    {
        var (reference, image) = await site.PushAsync("peers/shared:v1", site.Layers(300_000, 120_000));
        using var a = site.Client();
        await a.PullImageAsync(reference);
        await using var agentA = await AgentHost.StartAsync(site, PeerSettings("peer-a"));
        var mirror = MirrorFor(site.Registry.Host);
        await using var agentB = await AgentHost.StartAsync(site, site.Neighbour, MirrorSettings("peer-b", mirror.Port));
        await WaitForHoldersAsync(agentB, image, "peer-a");
        var before = image.Layers.Select(l => site.Registry.BlobGets(l.Digest)).ToList();

        using var b = site.Neighbour.CreateClient();
        await b.PullImageAsync(reference);

        Assert.Equal(before, image.Layers.Select(l => site.Registry.BlobGets(l.Digest)));
        foreach (var layer in image.Layers)
        {
            Assert.Equal(layer.SizeBytes, (await b.ContentInfoAsync(layer.Digest, CancellationToken.None))?.SizeBytes);
        }

        var bytes = image.Layers.Sum(l => l.SizeBytes);
        Assert.Equal(image.Layers.Count, Metrics(agentB).MirrorRequests.Value("peer"));
        Assert.Equal(bytes, Metrics(agentB).PeerFetchedBytes.Value());
        Assert.Equal(bytes, Metrics(agentA).PeerServedBytes.Value());
    }

    [Fact]
    public async Task PullOnB_TheAgentWroteContainerdsHostsFile_PullGoesThroughItsMirrorUntilItStops()
    {
        var (reference, image) = await site.PushAsync("peers/written:v1", site.Layers(250_000, 100_000));
        using var a = site.Client();
        await a.PullImageAsync(reference);
        await using var agentA = await AgentHost.StartAsync(site, PeerSettings("written-a"));

        // A node whose certs.d has nothing for the registry: the agent writes the file containerd reads.
        Directory.Delete(Path.Combine(site.Neighbour.CertsDirectory, site.Registry.Host), recursive: true);
        var written = Path.Combine(site.Neighbour.CertsDirectory, RegistryHosts.DirectoriesOf(site.Registry.Host)[0], RegistryHosts.FileName);
        try
        {
            var settings = MirrorSettings("written-b", FreePort.Find());
            settings["Agent:Peers:MirrorRegistries:0"] = site.Registry.Host;
            await using (var agentB = await AgentHost.StartAsync(site, site.Neighbour, settings))
            {
                Assert.StartsWith(MirrorHostsFiles.Marker, File.ReadAllText(written));
                await WaitForHoldersAsync(agentB, image, "written-a");
                var before = image.Layers.Select(l => site.Registry.BlobGets(l.Digest)).ToList();

                using var b = site.Neighbour.CreateClient();
                await b.PullImageAsync(reference);

                Assert.Equal(before, image.Layers.Select(l => site.Registry.BlobGets(l.Digest)));
                Assert.Equal(image.Layers.Count, Metrics(agentB).MirrorRequests.Value("peer"));
            }

            Assert.False(File.Exists(written), "the agent left its hosts.toml behind");
        }
        finally
        {
            site.Neighbour.TrustPlainHttpRegistry(site.Registry.Host);
        }
    }

    [Fact]
    public async Task PrefetchOnB_LayersNodeAHolds_ComeFromThePeer()
    {
        var (reference, image) = await site.PushAsync("peers/prefetched:v1", site.Layers(200_000, 90_000));
        using var a = site.Client();
        await a.PullImageAsync(reference);
        await using var agentA = await AgentHost.StartAsync(site, PeerSettings("prefetch-a"));
        await using var agentB = await AgentHost.StartAsync(site, site.Neighbour, MirrorSettings("prefetch-b", FreePort.Find()));
        await WaitForHoldersAsync(agentB, image, "prefetch-a");
        var before = image.Layers.Select(l => site.Registry.BlobGets(l.Digest)).ToList();

        var report = await agentB.Prefetcher.PrefetchLayersAsync(reference, CancellationToken.None);

        Assert.Equal(before, image.Layers.Select(l => site.Registry.BlobGets(l.Digest)));
        Assert.All(report.Layers, l => Assert.False(l.AlreadyPresent));
        using var b = site.Neighbour.CreateClient();
        foreach (var layer in image.Layers)
        {
            Assert.Equal(layer.SizeBytes, (await b.ContentInfoAsync(layer.Digest, CancellationToken.None))?.SizeBytes);
        }

        Assert.Equal(image.Layers.Sum(l => l.SizeBytes), Metrics(agentA).PeerServedBytes.Value());
        // Held by the agent's lease, as a layer prefetched from the registry is, until an image references it.
        Assert.Subset((await agentB.Lease.ListBlobsAsync(CancellationToken.None)).ToHashSet(), image.Layers.Select(l => l.Digest).ToHashSet());
    }

    [Theory]
    [InlineData("corrupt", "verification")]
    [InlineData("stall", "stalled")]
    [InlineData("short", "broken")]
    public async Task PullOnB_ThePeerLiesOrStalls_PulledFromTheRegistryWithNothingBadCommitted(string fault, string reason)
    {
        var (reference, image) = await site.PushAsync($"peers/liar-{fault}:v1", site.Layers(200_000));
        var layer = Assert.Single(image.TestLayers);
        await using var liar = await LyingPeer.StartAsync(layer, fault);
        using var redis = await site.ConnectAsync();
        var node = $"liar-{fault}";
        var publisher = new InventoryPublisher(redis, new ClusterStoreOptions(), node);
        await publisher.PublishAsync(new InventorySnapshot([new ContainerImage(reference, [layer.ToLayer()])], [], []), CancellationToken.None);
        await publisher.HeartbeatAsync(
            new NodeHeartbeat(node, publisher.Sequence, 1L << 30, 0.8, 0.7, 1e6, "Lru", DateTimeOffset.UtcNow, liar.Address.ToString()), CancellationToken.None);
        var mirror = MirrorFor(site.Registry.Host);
        var settings = MirrorSettings($"victim-{fault}", mirror.Port);
        // Short only where the peer stalls: a busy machine may take longer than that to pass on a short or a corrupt answer.
        settings["Agent:Peers:StallTimeout"] = fault == "stall" ? "00:00:01" : "00:01:00";
        await using var agentB = await AgentHost.StartAsync(site, site.Neighbour, settings);
        await WaitForHoldersAsync(agentB, image, node);
        var before = site.Registry.BlobGets(layer.Digest);

        using var b = site.Neighbour.CreateClient();
        await b.PullImageAsync(reference);

        Assert.True(liar.Asked > 0, "the lying peer was never asked");
        Assert.Equal(before + 1, site.Registry.BlobGets(layer.Digest));
        Assert.Equal(layer.SizeBytes, (await b.ContentInfoAsync(layer.Digest, CancellationToken.None))?.SizeBytes);
        Assert.Null(await b.WriteStatusAsync($"peer-{layer.Digest}", CancellationToken.None));
        Assert.Equal(0, Metrics(agentB).MirrorRequests.Value("peer"));
        Assert.True(Metrics(agentB).MirrorRequests.Value("registry") > 0);
        Assert.True(Metrics(agentB).PeerFallbacks.Value(reason) > 0, agentB.Metrics.Render());
        Assert.Equal(0, Metrics(agentB).PeerFetchedBytes.Value());
    }

    private static AgentMetrics Metrics(AgentHost agent) => agent.Get<AgentMetrics>();

    private Dictionary<string, string?> PeerSettings(string node)
    {
        var port = FreePort.Find();
        var settings = site.AgentSettings(node);
        settings["Agent:Peers:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["Agent:Peers:AdvertiseAddress"] = $"http://127.0.0.1:{port}";
        settings["Agent:HeartbeatInterval"] = "00:00:00.500";
        return settings;
    }

    private Dictionary<string, string?> MirrorSettings(string node, int mirrorPort)
    {
        var settings = site.AgentSettings(node);
        settings["Agent:Peers:MirrorPort"] = mirrorPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["Agent:Peers:RefreshInterval"] = "00:00:00.200";
        return settings;
    }

    /// <summary>Points the neighbour's containerd at a mirror on a free port for the registry; the agent started after listens there.</summary>
    private Uri MirrorFor(string registry)
    {
        var mirror = new Uri($"http://127.0.0.1:{FreePort.Find()}");
        site.Neighbour.MirrorPlainHttpRegistry(registry, mirror.ToString().TrimEnd('/'));
        return mirror;
    }

    private static Task WaitForHoldersAsync(AgentHost agent, TestImage image, string holder) =>
        agent.WaitUntilAsync(
            () => image.Layers.All(l => agent.Get<PeerDirectory>().Holders(l.Digest).Any(p => p.Node == holder)),
            Ceiling,
            $"node {holder}'s layers did not reach the peer table");

    /// <summary>A peer that claims a blob and serves wrong bytes, stops sending halfway, or ends early.</summary>
    private sealed class LyingPeer : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private int _asked;

        private LyingPeer(WebApplication app, Uri address)
        {
            _app = app;
            Address = address;
        }

        public Uri Address { get; }

        public int Asked => Volatile.Read(ref _asked);

        public static async Task<LyingPeer> StartAsync(TestLayer layer, string fault)
        {
            var port = FreePort.Find();
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
            var app = builder.Build();
            var peer = new LyingPeer(app, new Uri($"http://127.0.0.1:{port}"));
            app.Run(async http =>
            {
                Interlocked.Increment(ref peer._asked);
                http.Response.ContentLength = layer.SizeBytes;
                var half = layer.Bytes.AsMemory(0, layer.Bytes.Length / 2);
                switch (fault)
                {
                    case "corrupt":
                        var wrong = layer.Bytes.ToArray();
                        wrong[^1] ^= 0xff;
                        await http.Response.Body.WriteAsync(wrong);
                        break;
                    case "stall":
                        await http.Response.Body.WriteAsync(half);
                        await http.Response.Body.FlushAsync();
                        await Task.Delay(Timeout.Infinite, http.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
                        break;
                    default:
                        await http.Response.Body.WriteAsync(half);
                        http.Abort();
                        break;
                }
            });
            await app.StartAsync();
            return peer;
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
