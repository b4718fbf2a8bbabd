using System.Diagnostics;
using LayerCache.Containerd;
using LayerCache.Core.Model;
using LayerCache.EndToEnd.Images;
using LayerCache.EndToEnd.Nodes;
using LayerCache.EndToEnd.Workload;
using LayerCache.Testing.Containerd;
using LayerCache.Testing.Registry;
using LayerCache.Testing.Waiting;

namespace LayerCache.EndToEnd.Tests.Nodes;

/// <summary>
/// The pull's split into transfer and unpack on the real containerd: its unpacker prepares a layer's snapshot, waits for
/// the layer's blob, applies it and commits the snapshot under the chain ID, and announces the prepare and the commit.
/// </summary>
public sealed class SnapshotLogTests(ContainerdFixture containerd, RegistryFixture registry)
    : IClassFixture<ContainerdFixture>, IClassFixture<RegistryFixture>
{
    private static readonly TimeSpan BlobDelay = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan Ceiling = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Pull_ABaseLayerSlowToArrive_ItsWaitCountsAsTransferNotUnpack()
    {
        var (images, chains) = await PublishAsync(seed: 31, ("base-31", 4_000_000), ("app-31", 2_000_000));
        var image = images[0];
        registry.Proxy.Inject(new BlobFault(BlobFaultKind.Delay, image.Layers[0].Digest) { Delay = BlobDelay });
        using var client = containerd.CreateClient();
        using var limit = new CancellationTokenSource(Ceiling);
        await using var log = await SnapshotLog.StartAsync(client, chains, limit.Token);

        var pull = await PullAsync(client, 0, image.Reference, chains, limit.Token);
        await log.SettleAsync(limit.Token);

        var extractions = log.Extractions();
        var ids = chains.Of(image.Reference);
        Assert.Equal(ids, extractions.Where(e => e.Committed).Select(e => e.Chain));
        Assert.All(extractions, e => Assert.InRange(e.EndedAt, pull.Window.StartedAt, pull.Window.EndedAt));
        Assert.All(extractions, e => Assert.InRange(e.BlobCommittedAt!.Value, pull.Window.StartedAt, e.EndedAt));

        // containerd prepared the base's snapshot before its blob came: prepare to commit holds the blob's 3 s wait.
        var baseLayer = extractions.Single(e => e.Chain == ids[0]);
        var preparedToCommitted = (baseLayer.EndedAt - baseLayer.PreparedAt).TotalSeconds;
        Assert.True(preparedToCommitted >= BlobDelay.TotalSeconds * 0.9, $"prepare to commit {preparedToCommitted:F2} s");
        Assert.True(baseLayer.UnpackSeconds < preparedToCommitted - (BlobDelay.TotalSeconds * 0.8), $"unpack {baseLayer.UnpackSeconds:F3} s of {preparedToCommitted:F2} s");

        var unpack = UnpackAttribution.Assign(1, [pull.Window], [extractions])[0];
        var parts = StartupParts.Of(new PodOutcome(0, 0, pull.Seconds, true, pull.Seconds, 0, null), unpack);
        Assert.True(parts.UnpackSeconds > 0, "no unpack measured");
        Assert.True(parts.TransferSeconds >= BlobDelay.TotalSeconds * 0.9, $"transfer {parts.TransferSeconds:F2} s, unpack {parts.UnpackSeconds:F3} s of a {pull.Seconds:F2} s pull");
        Assert.Equal(pull.Seconds, parts.TransferSeconds + parts.UnpackSeconds, 9);
    }

    [Fact]
    public async Task Pull_AnImageSharingTheBase_UnpacksOnlyItsOwnLayersAndCountsThem()
    {
        var (images, chains) = await PublishAsync(seed: 32, ("base-32", 3_000_000), ("app-32", 1_000_000), ("other-32", 2_000_000));
        var (first, second) = (images[0], images[1]);
        using var client = containerd.CreateClient();
        using var limit = new CancellationTokenSource(Ceiling);
        await using var log = await SnapshotLog.StartAsync(client, chains, limit.Token);

        var firstPull = await PullAsync(client, 0, first.Reference, chains, limit.Token);
        var secondPull = await PullAsync(client, 1, second.Reference, chains, limit.Token);
        await log.SettleAsync(limit.Token);

        var extractions = log.Extractions();
        var duringSecond = extractions.Where(e => e.EndedAt >= secondPull.Window.StartedAt).Select(e => e.Chain).ToList();
        Assert.Equal([chains.Of(second.Reference)[1]], duringSecond);
        Assert.DoesNotContain(chains.Of(second.Reference)[1], chains.Of(first.Reference));
        Assert.Equal(chains.Of(first.Reference)[0], chains.Of(second.Reference)[0]);

        var unpack = UnpackAttribution.Assign(2, [firstPull.Window, secondPull.Window], [extractions]);
        var secondOwn = extractions.Single(e => e.Chain == chains.Of(second.Reference)[1]);
        Assert.Equal(secondOwn.UnpackSeconds, unpack[1], 9);
        Assert.Equal(extractions.Where(e => e.EndedAt < secondPull.Window.StartedAt).Sum(e => e.UnpackSeconds), unpack[0], 9);
        Assert.All(unpack, u => Assert.True(u > 0));
    }

    [Fact]
    public async Task Extractions_AfterContainerdWentAway_SaysTheLogIsIncompleteInsteadOfUndercounting()
    {
        var (_, chains) = await PublishAsync(seed: 33, ("base-33", 1000), ("app-33", 1000));
        using var client = containerd.CreateClient();
        using var limit = new CancellationTokenSource(Ceiling);
        await using var log = await SnapshotLog.StartAsync(client, chains, limit.Token);
        Assert.Empty(log.Extractions());

        containerd.Kill();
        try
        {
            await Until.HoldsAsync(
                () => Record.Exception(() => log.Extractions()) is InvalidOperationException,
                Ceiling,
                "the log saw its event stream end");
        }
        finally
        {
            await containerd.StartAsync();
        }
    }

    [Theory]
    [InlineData("extract-12-Abc9 sha256:2fce7f8ce91bcf0a1428b36e1024639fdbd9469eea762dba98aa749631885106", true)]
    [InlineData("k8s-pod-00017", false)]
    [InlineData("extract-12-Abc9 not-a-digest", false)]
    [InlineData("sha256:2fce7f8ce91bcf0a1428b36e1024639fdbd9469eea762dba98aa749631885106", false)]
    public void TryParseExtractKey_OnlyAnUnpacksKey_GivesItsChain(string key, bool isExtract)
    {
        Assert.Equal(isExtract, SnapshotLog.TryParseExtractKey(key, out var chain));
        Assert.Equal(isExtract ? key[(key.IndexOf(' ', StringComparison.Ordinal) + 1)..] : string.Empty, chain.ToString());
    }

    private async Task<(IReadOnlyList<ContainerImage> Images, ImageChains Chains)> PublishAsync(int seed, (string Name, long Bytes) baseLayer, params (string Name, long Bytes)[] apps)
    {
        containerd.TrustPlainHttpRegistry(registry.Host);
        var shared = Corpus(baseLayer);
        IReadOnlyList<ContainerImage> corpus = [.. apps.Select(a => new ContainerImage($"docker.io/library/{a.Name}:latest", [shared, Corpus(a)]))];
        using var client = registry.CreateClient();
        using var publisher = new ImagePublisher(client, registry.Host, seed, sizeScale: 1);
        var published = await publisher.PublishAsync(corpus, [.. Enumerable.Range(0, corpus.Count)]);
        var images = published.Values.ToList();
        return (images, new ImageChains(images, publisher.DiffIds));
    }

    private static async Task<(double Seconds, PullWindow Window)> PullAsync(ContainerdClient client, int pod, string reference, ImageChains chains, CancellationToken cancellationToken)
    {
        var startedAt = TimeProvider.System.GetUtcNow();
        var clock = Stopwatch.StartNew();
        await client.PullImageAsync(reference, cancellationToken: cancellationToken);
        var seconds = clock.Elapsed.TotalSeconds;
        return (seconds, new PullWindow(pod, 0, startedAt, TimeProvider.System.GetUtcNow(), chains.Of(reference).ToHashSet()));
    }

    private static Layer Corpus((string Name, long Bytes) layer) => new(Images.LayerForgeTests.CorpusDigest(layer.Name), layer.Bytes);
}
