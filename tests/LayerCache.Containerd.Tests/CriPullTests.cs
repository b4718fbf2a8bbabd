using LayerCache.Core.Model;
using LayerCache.Testing.Containerd;
using LayerCache.Testing.Registry;
using LayerCache.Testing.Waiting;

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

    [Fact]
    public async Task PullImage_EmitsASnapshotCommitPerLayer_NamedByChainId()
    {
        await PushIndexAsync("app/snapshots:1", seed: 3);
        containerd.TrustPlainHttpRegistry(registry.Host);
        using var client = containerd.CreateClient();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var events = new List<SnapshotEvent>();
        var pump = Task.Run(async () =>
        {
            try
            {
                await foreach (var e in client.SubscribeEventsAsync(["topic~=\"/snapshot/\""], stop.Token))
                {
                    lock (events)
                    {
                        events.Add((SnapshotEvent)e);
                    }
                }
            }
            catch (Exception e) when (e is OperationCanceledException or Grpc.Core.RpcException { StatusCode: Grpc.Core.StatusCode.Cancelled })
            {
                // The test is over.
            }
        });
        // Nothing says when containerd has registered the subscription: snapshots are prepared until one's event arrives.
        var within = TimeSpan.FromSeconds(30);
        var probes = 0;
        await Until.HoldsAsync(
            async () =>
            {
                var key = $"subscribed-probe-{probes++}";
                await client.PrepareSnapshotAsync(containerd.Snapshotter, key, "", new Dictionary<string, string>(), CancellationToken.None);
                await client.RemoveSnapshotAsync(containerd.Snapshotter, key, CancellationToken.None);
                lock (events)
                {
                    return events.Any(e => e.Key.StartsWith("subscribed-probe-", StringComparison.Ordinal));
                }
            },
            within,
            "the snapshot events' subscription registered");

        await client.PullImageAsync($"{registry.Host}/app/snapshots:1");
        await Until.HoldsAsync(
            () =>
            {
                lock (events)
                {
                    return events.Count(e => e.Kind == SnapshotEventKind.Committed) >= 2;
                }
            },
            within,
            "two snapshot commits");
        await stop.CancelAsync();
        await pump;

        lock (events)
        {
            // Unpacking prepares "extract-<n>-<random> <chain id>" and commits it under the chain id.
            var committed = events.Where(e => e.Kind == SnapshotEventKind.Committed).ToList();
            Assert.Equal(2, committed.Count);
            Assert.All(committed, e => Assert.StartsWith("sha256:", e.Key, StringComparison.Ordinal));
            Assert.Contains(events, e => e.Kind == SnapshotEventKind.Prepared && e.Key.StartsWith("extract-", StringComparison.Ordinal));
        }
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
