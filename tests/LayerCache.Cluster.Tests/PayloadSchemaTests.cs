using System.Text;
using System.Text.Json;
using LayerCache.Cluster.Json;
using LayerCache.Cluster.Tests.Support;

namespace LayerCache.Cluster.Tests;

/// <summary>The schema version every payload carries, and what each build does with the other's payloads.</summary>
public sealed class PayloadSchemaTests
{
    private static readonly EvictOrder Order = new("o-1", "node-a", ["old:1"], [TestData.DigestOf("y")], new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero));

    [Fact]
    public void Write_ObjectPayloads_CarryTheSchemaVersionAsTheirFirstProperty_AndReadBack()
    {
        var image = TestData.Image("registry.test/app:v1", "a", "b");
        var layer = TestData.LayerOf("blob", 1234);

        var orderJson = Text(Payload.Write<NodeOrder>(Order, ClusterJson.Default.NodeOrder));
        var imageJson = Text(Payload.Write(image, ClusterJson.Default.ContainerImage));
        var layerJson = Text(Payload.Write(layer, ClusterJson.Default.Layer));

        Assert.All([orderJson, imageJson, layerJson], json => Assert.StartsWith("{\"schema\":1,", json, StringComparison.Ordinal));
        var order = Assert.IsType<EvictOrder>(Payload.Read(orderJson, ClusterJson.Default.NodeOrder));
        Assert.Equal(Order.Id, order.Id);
        Assert.Equal(Order.EvictImages, order.EvictImages);
        Assert.Equal(Order.EvictBlobs, order.EvictBlobs);
        Assert.Equal(image.Layers, Payload.Read(imageJson, ClusterJson.Default.ContainerImage).Layers);
        Assert.Equal(layer, Payload.Read(layerJson, ClusterJson.Default.Layer));
    }

    [Fact]
    public void Write_AList_StaysAPlainList()
    {
        IReadOnlyList<string> containers = ["a:1", "b:2"];

        var json = Text(Payload.Write(containers, ClusterJson.Default.IReadOnlyListString));

        Assert.Equal("[\"a:1\",\"b:2\"]", json);
        Assert.Equal(containers, Payload.Read(json, ClusterJson.Default.IReadOnlyListString));
    }

    [Fact]
    public void Versioned_AnEmptyObject_GetsTheVersionAlone() =>
        Assert.Equal("{\"schema\":1}", Encoding.UTF8.GetString(Payload.Versioned("{}"u8.ToArray())));

    [Fact]
    public void Read_APayloadOfThePreviousFormat_WithoutAVersion_ReadsAsBefore()
    {
        // What builds before versions wrote: the same JSON without the property.
        var previous = JsonSerializer.SerializeToUtf8Bytes<NodeOrder>(Order, ClusterJson.Default.NodeOrder);

        Assert.Equal(0, Payload.VersionOf(previous));
        var order = Assert.IsType<EvictOrder>(Payload.Read(previous, ClusterJson.Default.NodeOrder));
        Assert.Equal(Order.Id, order.Id);
        Assert.Equal(Order.Kind, order.Kind);
        Assert.Equal(Order.EvictImages, order.EvictImages);
    }

    [Fact]
    public void PreviousReader_APayloadOfThisBuild_SkipsTheVersion()
    {
        // Builds before versions read with the plain source-generated metadata, which skips properties it does not know.
        var order = Assert.IsType<EvictOrder>(JsonSerializer.Deserialize((byte[])Payload.Write<NodeOrder>(Order, ClusterJson.Default.NodeOrder)!, ClusterJson.Default.NodeOrder));
        var image = JsonSerializer.Deserialize((byte[])Payload.Write(TestData.Image("a:1", "x"), ClusterJson.Default.ContainerImage)!, ClusterJson.Default.ContainerImage)!;

        Assert.Equal(Order.Id, order.Id);
        Assert.Equal(Order.EvictImages, order.EvictImages);
        Assert.Equal("a:1", image.Reference);
    }

    [Fact]
    public void Read_APayloadOfANewerSchema_IsRefusedNamingBothVersions()
    {
        var newer = "{\"schema\":3,\"digest\":\"" + TestData.DigestOf("x").Value + "\",\"sizeBytes\":5}";

        var refused = Assert.Throws<JsonException>(() => Payload.Read(newer, ClusterJson.Default.Layer));

        Assert.Contains("schema 3", refused.Message, StringComparison.Ordinal);
        Assert.Contains("up to 2", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"schema\":\"1\",\"sizeBytes\":5}")]
    [InlineData("{\"schema\":-1,\"sizeBytes\":5}")]
    [InlineData("{\"schema\":1.5,\"sizeBytes\":5}")]
    public void Read_AVersionThatIsNotAWholeNumber_IsRefused(string json) =>
        Assert.Throws<JsonException>(() => Payload.Read(json, ClusterJson.Default.Layer));

    private static string Text(StackExchange.Redis.RedisValue value) => Encoding.UTF8.GetString((byte[])value!);
}
