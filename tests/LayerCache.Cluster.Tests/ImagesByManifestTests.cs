using System.Text;
using LayerCache.Cluster.Json;
using LayerCache.Cluster.Tests.Support;
using LayerCache.Core.Model;
using LayerCache.Testing.Redis;
using StackExchange.Redis;

namespace LayerCache.Cluster.Tests;

/// <summary>
/// Schema 2 on real Redis: an image whose manifest the agent read is stored once in the manifest catalog, and nodes
/// and deltas name it by digest; a reader checks every manifest against its digest and leaves out what it cannot use.
/// </summary>
/// <remarks>Runs against one Redis server and against a Redis Cluster: the nested classes.</remarks>
public abstract class ImagesByManifestTests(IRedisFixture redis)
{
    [Collection(RedisCollection.Name)]
    public sealed class OnRedis(RedisFixture server) : ImagesByManifestTests(server);

    [Collection(RedisClusterCollection.Name)]
    public sealed class OnRedisCluster(RedisClusterFixture cluster) : ImagesByManifestTests(cluster);

    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Publish_ImageWithItsManifest_NodesStoreTheDigest_TheCatalogTheManifestOnce_ReadersGetTheLayers()
    {
        await using var connection = await redis.ConnectAsync();
        var options = TestData.NewOptions();
        var keys = new ClusterKeys(options);
        var shared = TestData.ImageWithManifest("registry.test/shared:1", "base", "runtime", "app");
        var inline = TestData.Image("registry.test/inline:1", "base", "other");
        await new InventoryPublisher(connection, options, "node-a").PublishAsync(TestData.Snapshot([shared, inline], ["registry.test/shared:1"]), None);
        await new InventoryPublisher(connection, options, "node-b").PublishAsync(TestData.Snapshot([shared]), None);

        var database = connection.GetDatabase();
        var field = Text(await database.HashGetAsync(keys.Inventory("node-a"), "i:registry.test/shared:1"));
        Assert.Equal($"{{\"schema\":2,\"manifest\":\"{shared.ManifestDigest}\"}}", field);
        Assert.StartsWith("{\"schema\":1,", Text(await database.HashGetAsync(keys.Inventory("node-a"), "i:registry.test/inline:1")), StringComparison.Ordinal);
        Assert.Equal(shared.Manifest.ToArray(), (byte[])(await database.StringGetAsync(keys.Manifest(shared.ManifestDigest!.Value)))!);
        var expiry = await database.KeyTimeToLiveAsync(keys.Manifest(shared.ManifestDigest!.Value));
        Assert.InRange(expiry!.Value, options.ManifestTtl - TimeSpan.FromMinutes(5), options.ManifestTtl);

        var reader = new InventoryReader(connection, options);
        var a = (await reader.ReadSnapshotAsync("node-a", None))!.Snapshot;
        var b = (await reader.ReadSnapshotAsync("node-b", None))!.Snapshot;
        TestData.AssertEquivalent(TestData.Snapshot([shared, inline], ["registry.test/shared:1"]), a);
        TestData.AssertEquivalent(TestData.Snapshot([shared]), b);
        Assert.Same(a.Images.Single(i => i.Reference == shared.Reference), Assert.Single(b.Images));
        Assert.Equal(shared.Layers, Assert.Single(b.Images).Layers);
    }

    [Fact]
    public async Task Delta_AddingAnImageWithItsManifest_CarriesTheDigest_AndReadsBackWithTheLayers()
    {
        await using var connection = await redis.ConnectAsync();
        var options = TestData.NewOptions();
        var keys = new ClusterKeys(options);
        var publisher = new InventoryPublisher(connection, options, "node-a");
        var before = TestData.Snapshot([TestData.Image("registry.test/inline:1", "base")]);
        var added = TestData.ImageWithManifest("registry.test/added:1", "base", "app");
        var after = TestData.Snapshot([TestData.Image("registry.test/inline:1", "base"), added, TestData.Image("registry.test/inline:2", "x")]);
        await publisher.PublishAsync(before, None);
        await publisher.PublishAsync(after, None);

        var entries = await connection.GetDatabase().StreamRangeAsync(keys.Deltas);
        var wire = Text(entries[^1][Payload.StreamField]);
        Assert.StartsWith("{\"schema\":2,", wire, StringComparison.Ordinal);
        Assert.Contains($"\"imagesAddedByManifest\":[{{\"reference\":\"registry.test/added:1\",\"manifest\":\"{added.ManifestDigest}\"}}]", wire, StringComparison.Ordinal);
        Assert.DoesNotContain(added.Layers[1].Digest.Value, wire, StringComparison.Ordinal);

        var delta = (await new InventoryReader(connection, options).ReadDeltasAsync("0", 10, None)).Deltas[^1];
        Assert.Null(delta.ImagesAddedByManifest);
        Assert.Equal(["registry.test/inline:2", "registry.test/added:1"], delta.ImagesAdded.Select(i => i.Reference));
        TestData.AssertEquivalent(after, InventoryDiff.Apply(before, delta));
    }

    [Fact]
    public async Task Manifest_WithOtherBytes_IsReportedAndItsImageLeftOut_EverythingElseRead()
    {
        await using var connection = await redis.ConnectAsync();
        var options = TestData.NewOptions();
        var keys = new ClusterKeys(options);
        var lied = TestData.ImageWithManifest("registry.test/lied:1", "base", "app");
        var kept = TestData.ImageWithManifest("registry.test/kept:1", "base", "other");
        await new InventoryPublisher(connection, options, "node-a").PublishAsync(TestData.Snapshot([lied, kept]), None);

        // Another writer puts a real manifest of other layers under the digest: well-formed, but not what the digest names.
        var forged = OciManifest.Write(TestData.DigestOf("config"), 100, [TestData.LayerOf("not-on-the-node")]);
        await connection.GetDatabase().StringSetAsync(keys.Manifest(lied.ManifestDigest!.Value), forged);
        var reader = new InventoryReader(connection, options);
        var bad = new List<BadPayload>();
        reader.BadPayload += bad.Add;

        var read = (await reader.ReadSnapshotAsync("node-a", None))!.Snapshot;

        Assert.Equal([kept.Reference], read.Images.Select(i => i.Reference));
        var report = Assert.Single(bad);
        Assert.Equal("manifest", report.Kind);
        Assert.Equal((string)keys.Manifest(lied.ManifestDigest!.Value)!, report.Key);
        Assert.Contains("not to the digest they are stored under", report.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(read.Images, i => i.Layers.Any(l => l.Digest == TestData.LayerOf("not-on-the-node").Digest));
    }

    [Fact]
    public async Task Manifest_MissingOrNotAManifest_IsReportedAndItsImageLeftOut()
    {
        await using var connection = await redis.ConnectAsync();
        var options = TestData.NewOptions();
        var keys = new ClusterKeys(options);
        var gone = TestData.ImageWithManifest("registry.test/gone:1", "a");
        var kept = TestData.ImageWithManifest("registry.test/kept:1", "b");
        var publisher = new InventoryPublisher(connection, options, "node-a");
        await publisher.PublishAsync(TestData.Snapshot([gone, kept]), None);
        await connection.GetDatabase().KeyDeleteAsync(keys.Manifest(gone.ManifestDigest!.Value));

        // A digest whose bytes are no manifest: they hash right, but list no layers.
        var notAManifest = Encoding.UTF8.GetBytes("{\"schemaVersion\":2}");
        var odd = new ContainerImage("registry.test/odd:1", [], Digest.Of(notAManifest)) { Manifest = notAManifest };
        await publisher.PublishAsync(TestData.Snapshot([gone, kept, odd]), None);
        var reader = new InventoryReader(connection, options);
        var bad = new List<BadPayload>();
        reader.BadPayload += bad.Add;

        var read = (await reader.ReadSnapshotAsync("node-a", None))!.Snapshot;
        var delta = (await reader.ReadDeltasAsync("0", 10, None)).Deltas[^1];

        Assert.Equal([kept.Reference], read.Images.Select(i => i.Reference));
        Assert.Empty(delta.ImagesAdded);
        Assert.Contains(bad, b => b.Kind == "manifest" && b.Reason.Contains("not in the catalog", StringComparison.Ordinal));
        Assert.Contains(bad, b => b.Kind == "manifest" && b.Reason.Contains("does not list layers", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Field_ReadBefore_IsTakenAsResolved_AChangedOneIsReadAfresh_AndOneThatFailedFailsEachTime()
    {
        await using var connection = await redis.ConnectAsync();
        var options = TestData.NewOptions();
        var keys = new ClusterKeys(options);
        var database = connection.GetDatabase();
        var shared = TestData.ImageWithManifest("registry.test/shared:1", "base", "app");
        var moved = TestData.ImageWithManifest("registry.test/shared:1", "base", "app-2");
        await new InventoryPublisher(connection, options, "node-a").PublishAsync(TestData.Snapshot([shared]), None);
        await new InventoryPublisher(connection, options, "node-b").PublishAsync(TestData.Snapshot([shared]), None);
        await new InventoryPublisher(connection, options, "node-c").PublishAsync(TestData.Snapshot([moved]), None);
        var reader = new InventoryReader(connection, options);
        var bad = new List<BadPayload>();
        reader.BadPayload += bad.Add;
        var first = Assert.Single((await reader.ReadSnapshotAsync("node-a", None))!.Snapshot.Images);

        // The same bytes on another node: the image read before. The tag moved to another manifest: read afresh.
        Assert.Same(first, Assert.Single((await reader.ReadSnapshotAsync("node-b", None))!.Snapshot.Images));
        var field = await database.HashGetAsync(keys.Inventory("node-c"), "i:registry.test/shared:1");
        await database.HashSetAsync(keys.Inventory("node-b"), "i:registry.test/shared:1", field);
        Assert.Equal(moved.Layers, Assert.Single((await reader.ReadSnapshotAsync("node-b", None))!.Snapshot.Images).Layers);

        // A field that did not parse, or whose manifest was gone, is reported on every read until it can be used.
        await database.HashSetAsync(keys.Inventory("node-b"), "i:registry.test/shared:1", "not a payload");
        Assert.Empty((await reader.ReadSnapshotAsync("node-b", None))!.Snapshot.Images);
        Assert.Empty((await reader.ReadSnapshotAsync("node-b", None))!.Snapshot.Images);
        Assert.Equal(2, bad.Count(b => b.Kind == "snapshot"));
        var orphan = TestData.ImageWithManifest("registry.test/orphan:1", "lost");
        await new InventoryPublisher(connection, options, "node-d").PublishAsync(TestData.Snapshot([orphan]), None);
        await database.KeyDeleteAsync(keys.Manifest(orphan.ManifestDigest!.Value));
        var fresh = new InventoryReader(connection, options);
        fresh.BadPayload += bad.Add;
        Assert.Empty((await fresh.ReadSnapshotAsync("node-d", None))!.Snapshot.Images);
        Assert.Empty((await fresh.ReadSnapshotAsync("node-d", None))!.Snapshot.Images);
        Assert.Equal(2, bad.Count(b => b.Kind == "manifest"));
        await new ManifestCatalog(connection, options).WriteAsync([orphan]);
        Assert.Equal(orphan.Layers, Assert.Single((await fresh.ReadSnapshotAsync("node-d", None))!.Snapshot.Images).Layers);
        Assert.Same(first, Assert.Single((await reader.ReadSnapshotAsync("node-a", None))!.Snapshot.Images));
    }

    [Fact]
    public async Task Manifests_AreWrittenAgain_AfterHalfTheirExpiry_ThoughNothingChanged()
    {
        await using var connection = await redis.ConnectAsync();
        var options = TestData.NewOptions();
        options.ManifestTtl = TimeSpan.FromHours(2);
        var keys = new ClusterKeys(options);
        var time = new ManualTimeProvider(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));
        var image = TestData.ImageWithManifest("registry.test/app:1", "a", "b");
        var snapshot = TestData.Snapshot([image]);
        var publisher = new InventoryPublisher(connection, options, "node-a", time);
        await publisher.PublishAsync(snapshot, None);
        var database = connection.GetDatabase();
        await database.KeyDeleteAsync(keys.Manifest(image.ManifestDigest!.Value));

        time.Advance(TimeSpan.FromMinutes(59));
        await publisher.PublishAsync(snapshot, None);
        Assert.False(await database.KeyExistsAsync(keys.Manifest(image.ManifestDigest!.Value)));

        time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await publisher.PublishAsync(snapshot, None));
        Assert.True(await database.KeyExistsAsync(keys.Manifest(image.ManifestDigest!.Value)));
    }

    [Fact]
    public async Task Manifests_MissedByManyReadersAtOnce_AreReadFromRedisOnce_AndEachReaderHearsOfAMissingOne()
    {
        await using var connection = await redis.ConnectAsync();
        var options = TestData.NewOptions();
        var images = Enumerable.Range(0, 5).Select(i => TestData.ImageWithManifest($"registry.test/app-{i}:1", "base", $"app-{i}")).ToList();
        await new ManifestCatalog(connection, options).WriteAsync(images);
        var missing = TestData.ImageWithManifest("registry.test/missing:1", "lost");
        var digests = images.Append(missing).Select(i => i.ManifestDigest!.Value).ToList();
        var catalog = new ManifestCatalog(connection, options);
        var reports = new List<BadPayload>();
        var hitsBefore = await redis.KeyspaceHitsAsync();

        // Eight readers at once, as a coordinator's first nodes are read: each asks for all six before any answer.
        var found = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => catalog.ReadAsync(digests, b => { lock (reports) { reports.Add(b); } })));

        Assert.All(found, f => Assert.Equal(images.Select(i => i.Layers), images.Select(i => f[i.ManifestDigest!.Value])));
        Assert.All(found, f => Assert.False(f.ContainsKey(missing.ManifestDigest!.Value)));
        Assert.Equal(8, reports.Count(r => r.Kind == "manifest" && r.Reason.Contains("not in the catalog", StringComparison.Ordinal)));

        // Each manifest found was read once; the missing one may be asked again by a reader that came after its answer.
        Assert.Equal(images.Count, await redis.KeyspaceHitsAsync() - hitsBefore);
    }

    private static string Text(RedisValue value) => Encoding.UTF8.GetString((byte[])value!);
}
