using System.Text.Json;
using LayerCache.Cluster.Json;
using LayerCache.Cluster.Tests.Support;
using LayerCache.Core.Model;

namespace LayerCache.Cluster.Tests;

public sealed class ClusterJsonTests
{
    [Fact]
    public void ContainerImage_RoundTrips_WithAndWithoutManifestDigest()
    {
        var withManifest = TestData.Image("registry.test/app:v1", "a", "b", "a");
        var without = new ContainerImage("app:v2", [new Layer(TestData.DigestOf("c"), 42, "application/vnd.docker.image.rootfs.diff.tar.gzip")]);

        foreach (var image in new[] { withManifest, without })
        {
            var json = JsonSerializer.Serialize(image, ClusterJson.Default.ContainerImage);
            var back = JsonSerializer.Deserialize(json, ClusterJson.Default.ContainerImage)!;

            Assert.Equal(image.Reference, back.Reference);
            Assert.Equal(image.ManifestDigest, back.ManifestDigest);
            Assert.Equal(image.Layers, back.Layers);
            Assert.Equal(image.SizeBytes, back.SizeBytes);
            Assert.DoesNotContain("distinctLayers", json, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Digest_IsWrittenAsItsString()
    {
        var digest = TestData.DigestOf("x");

        Assert.Equal($"\"{digest.Value}\"", JsonSerializer.Serialize(digest, ClusterJson.Default.Digest));
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize("\"sha256:nothex\"", ClusterJson.Default.Digest));
    }

    [Fact]
    public void NodeOrder_EachKindRoundTrips_WithItsKindAsString()
    {
        var at = new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);
        NodeOrder[] orders =
        [
            new PrefetchLayersOrder("o-1", "node-a", "registry.test/app:v1", [TestData.LayerOf("x")], at),
            new PrefetchImageOrder("o-2", "node-a", "registry.test/app:v1", at),
            new EvictOrder("o-3", "node-a", ["old:1"], [TestData.DigestOf("y")], at),
            new UnpackImageOrder("o-4", "node-a", "registry.test/app:v1", at),
        ];

        foreach (var order in orders)
        {
            var json = JsonSerializer.Serialize(order, ClusterJson.Default.NodeOrder);
            var back = JsonSerializer.Deserialize(json, ClusterJson.Default.NodeOrder)!;

            Assert.StartsWith($"{{\"kind\":\"{order.Kind}\"", json, StringComparison.Ordinal);
            Assert.IsType(order.GetType(), back);
            Assert.Equal(order.Id, back.Id);
            Assert.Equal(order.IssuedAt, back.IssuedAt);
        }

        var layers = (PrefetchLayersOrder)JsonSerializer.Deserialize(JsonSerializer.Serialize(orders[0], ClusterJson.Default.NodeOrder), ClusterJson.Default.NodeOrder)!;
        Assert.Equal(((PrefetchLayersOrder)orders[0]).Layers, layers.Layers);
        var evict = (EvictOrder)JsonSerializer.Deserialize(JsonSerializer.Serialize(orders[2], ClusterJson.Default.NodeOrder), ClusterJson.Default.NodeOrder)!;
        Assert.Equal(((EvictOrder)orders[2]).EvictImages, evict.EvictImages);
        Assert.Equal(((EvictOrder)orders[2]).EvictBlobs, evict.EvictBlobs);
    }

    [Fact]
    public void NodeOrder_AsOneRecordWroteIt_KindAfterOtherFields_StillReads()
    {
        // What builds before order kinds were types wrote: every field of every kind, the kind in the middle.
        var json = "{\"schema\":1,\"id\":\"o-1\",\"node\":\"node-a\",\"kind\":\"PrefetchLayers\",\"image\":\"registry.test/app:v1\","
            + $"\"layers\":[{{\"digest\":\"{TestData.DigestOf("x")}\",\"sizeBytes\":1000}}],\"evictImages\":[],\"evictBlobs\":[],\"issuedAt\":\"2025-01-02T03:04:05+00:00\"}}";

        var order = Assert.IsType<PrefetchLayersOrder>(Payload.Read(json, ClusterJson.Default.NodeOrder));

        Assert.Equal("registry.test/app:v1", order.Image);
        Assert.Equal([TestData.LayerOf("x")], order.Layers);
    }
}
