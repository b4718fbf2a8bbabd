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
    public void NodeOrder_RoundTrips_WithKindAsString()
    {
        var order = new NodeOrder("o-1", "node-a", OrderKind.PrefetchLayers, null, [TestData.LayerOf("x")], ["old:1"],
            [TestData.DigestOf("y")], new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero));

        var json = JsonSerializer.Serialize(order, ClusterJson.Default.NodeOrder);
        var back = JsonSerializer.Deserialize(json, ClusterJson.Default.NodeOrder)!;

        Assert.Contains("\"PrefetchLayers\"", json, StringComparison.Ordinal);
        Assert.Equal(order.Id, back.Id);
        Assert.Equal(order.Kind, back.Kind);
        Assert.Equal(order.Layers, back.Layers);
        Assert.Equal(order.EvictImages, back.EvictImages);
        Assert.Equal(order.EvictBlobs, back.EvictBlobs);
        Assert.Equal(order.IssuedAt, back.IssuedAt);
    }
}
