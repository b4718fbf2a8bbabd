using LayerCache.Agent.Tests.Support;
using LayerCache.Agent.Unpack;
using LayerCache.Containerd;
using LayerCache.Testing.Containerd;
using LayerCache.Testing.Waiting;

namespace LayerCache.Agent.Tests.Unpack;

/// <summary>Unpacking ahead on a real containerd (overlayfs), held up against what a plain CRI pull makes on another node.</summary>
public sealed class UnpackAheadTests(UnpackEnvironment environment) : IClassFixture<UnpackEnvironment>
{
    private static readonly TimeSpan Ceiling = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task UnpackAhead_MakesTheSnapshotsAPlainPullMakes_ThenTheCriPullFetchesAndUnpacksNothing_AndTheContainerRuns()
    {
        var (reference, image) = await environment.PushRunnableAsync("unpack/app:v1", 400_000, 300_000);
        using var plain = environment.Plain.CreateClient();
        await plain.PullImageAsync(reference);
        var expected = await CommittedAsync(plain);
        Assert.Equal(image.Layers.Count, expected.Count);

        // The pause program's layer is every test image's base: another test may have unpacked it here already.
        using var client = environment.Client();
        var before = await CommittedAsync(client);
        await using (var agent = await AgentHost.StartAsync(environment, UnpackEnvironment.Settings))
        {
            var report = await agent.Get<ImageUnpacker>().UnpackAsync(reference, CancellationToken.None);

            Assert.Equal(image.Layers.Where((_, i) => !before.ContainsKey(Chain(expected, i))).Select(l => l.Digest), report.UnpackedLayers.Select(l => l.Digest));
            Assert.Equal(Describe(expected), Describe(await CommittedAsync(client), expected));
            Assert.Null(await client.ImageStatusAsync(reference, CancellationToken.None)); // ready, but not an image yet
            await agent.WaitForNodeAsync(
                n => image.Layers.All(l => n.Cache.StateOf(l.Digest) == Core.Model.LayerState.Unpacked), Ceiling, "the inventory never saw the layers unpacked");
        }

        var layerGets = image.Layers.Sum(l => environment.Registry.BlobGets(l.Digest));
        await client.PullImageAsync(reference);

        Assert.Equal(layerGets, image.Layers.Sum(l => environment.Registry.BlobGets(l.Digest)));
        Assert.Equal(Describe(expected), Describe(await CommittedAsync(client), expected));
        var config = await client.ContentInfoAsync(image.Config.Digest, CancellationToken.None);
        Assert.Equal(expected.Keys.Single(k => expected.Values.All(s => s.Parent != k)), config!.Labels["containerd.io/gc.ref.snapshot." + UnpackEnvironment.Snapshotter]);

        var ctr = environment.Ctr;
        const string Id = "unpacked-ahead";
        try
        {
            await ctr.RunAsync("run", "--detach", "--snapshotter", UnpackEnvironment.Snapshotter, reference, Id, "/" + PauseProgram.PathInImage);
            await Until.HoldsAsync(async () => await ctr.PidAsync(Id) is not null, Ceiling, "the container from the unpacked snapshots never ran");
        }
        finally
        {
            await ctr.RemoveAsync(Id);
            await client.RemoveImageAsync(reference, CancellationToken.None);
        }
    }

    [Fact]
    public async Task SharedBase_IsUnpackedOnce()
    {
        var (first, firstImage) = await environment.PushRunnableAsync("unpack/first:v1", 200_000);
        var (second, secondImage) = await environment.PushRunnableAsync("unpack/second:v1", 250_000);
        await using var agent = await AgentHost.StartAsync(environment, UnpackEnvironment.Settings);
        var unpacker = agent.Get<ImageUnpacker>();

        await unpacker.UnpackAsync(first, CancellationToken.None);
        var report = await unpacker.UnpackAsync(second, CancellationToken.None);

        Assert.Equal(firstImage.Layers[0].Digest, secondImage.Layers[0].Digest);
        Assert.Equal([secondImage.Layers[1].Digest], report.UnpackedLayers.Select(l => l.Digest));

        // Each apply was timed: the node's unpack rate is its own now, not the assumed one.
        Assert.True(agent.Node.UnpackRate.Samples >= 2, $"{agent.Node.UnpackRate.Samples} unpacks timed");
        var measured = agent.Metrics.Render().Split('\n').Single(l => l.StartsWith("layercache_unpack_bytes_per_second ", StringComparison.Ordinal));
        var rate = agent.Node.UnpackRate.BytesPerSecond;
        Assert.InRange(double.Parse(measured.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture), rate * 0.999, rate * 1.001);
        Assert.NotEqual(200e6, rate);
    }

    [Fact]
    public async Task LayerThatDoesNotUnpackToItsDiffId_IsRefused_AndNothingIsCommitted()
    {
        var good = environment.Layers(100_000);
        var other = environment.Layers(100_000);

        // The config names another layer's diff ID: what the blob unpacks to does not match it.
        var image = new Testing.Registry.OciImageBuilder(77).CreateImage([good[0] with { DiffId = other[0].DiffId }]);
        var reference = environment.Registry.Reference("unpack/lying:v1");
        using (var registry = environment.Registry.CreateClient())
        {
            await Testing.Registry.OciImageBuilder.PushAsync(registry, reference, image);
        }

        using var client = environment.Client();
        var before = await CommittedAsync(client);
        await using var agent = await AgentHost.StartAsync(environment, UnpackEnvironment.Settings);

        var error = await Assert.ThrowsAsync<UnpackException>(() => agent.Get<ImageUnpacker>().UnpackAsync(reference.ToString(), CancellationToken.None));

        Assert.Contains(other[0].DiffId.Value, error.Message, StringComparison.Ordinal);
        Assert.Equal(before.Keys.Order(), (await CommittedAsync(client)).Keys.Order());
        Assert.DoesNotContain(await client.ListSnapshotsAsync(UnpackEnvironment.Snapshotter, CancellationToken.None), s => s.Kind == SnapshotKind.Active);
        Assert.Contains("layercache_prefetch_failures_total{kind=\"unpack\"} 1", agent.Metrics.Render(), StringComparison.Ordinal);
    }

    internal static async Task<Dictionary<string, SnapshotInfo>> CommittedAsync(ContainerdClient client) =>
        (await client.ListSnapshotsAsync(UnpackEnvironment.Snapshotter, CancellationToken.None))
            .Where(s => s.Kind == SnapshotKind.Committed)
            .ToDictionary(s => s.Name, StringComparer.Ordinal);

    /// <summary>The chain ID of the image's layer <paramref name="index"/>, from the snapshots a plain pull made of it.</summary>
    private static string Chain(Dictionary<string, SnapshotInfo> chain, int index)
    {
        var name = chain.Keys.Single(k => string.IsNullOrEmpty(chain[k].Parent));
        for (var i = 0; i < index; i++)
        {
            name = chain.Keys.Single(k => chain[k].Parent == name);
        }

        return name;
    }

    /// <summary>
    /// What makes two nodes' snapshots the same: name (chain ID), parent and labels; not their times. With
    /// <paramref name="only"/>, the snapshots of those names (other tests' images share the node).
    /// </summary>
    private static List<string> Describe(Dictionary<string, SnapshotInfo> snapshots, Dictionary<string, SnapshotInfo>? only = null) =>
        [.. snapshots.Values.Where(s => only?.ContainsKey(s.Name) ?? true).Select(s => $"{s.Name} <- {s.Parent} [{string.Join(", ", s.Labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}"))}]").Order(StringComparer.Ordinal)];
}
