using System.Text.Json;
using LayerCache.EndToEnd.Workload;

namespace LayerCache.EndToEnd.Tests.Workload;

public sealed class PullAuditTests
{
    [Fact]
    public void HeldBytes_AResolvedAnswer_IsTheNodesPresentBytes() =>
        Assert.Equal(
            1234,
            Held("""{"resolved":true,"nodes":[{"node":"b","known":true,"presentBytes":9},{"node":"a","known":true,"presentBytes":1234}]}""", "a"));

    [Theory]
    [InlineData("""{"resolved":false,"nodes":[{"node":"a","known":true,"presentBytes":1}]}""")]
    [InlineData("""{"resolved":true,"nodes":[{"node":"a","known":false,"presentBytes":1}]}""")]
    [InlineData("""{"resolved":true,"nodes":[{"node":"b","known":true,"presentBytes":1}]}""")]
    [InlineData("""{"resolved":true,"nodes":[{"node":"a","known":true,"presentBytes":"1"}]}""")]
    [InlineData("""{"resolved":true,"nodes":[{"node":"a","known":true,"presentBytes":-1}]}""")]
    [InlineData("""{"resolved":true,"nodes":[{"node":"a","known":true,"presentBytes":1.5}]}""")]
    [InlineData("""{"resolved":true,"nodes":{"node":"a"}}""")]
    [InlineData("""{"resolved":"yes","nodes":[]}""")]
    [InlineData("""[1,2]""")]
    [InlineData("""{"resolved":true,"nodes":[7,null,{"node":1}]}""")]
    public void HeldBytes_UnknownOrNotTheHintsShape_IsNull(string json) => Assert.Null(Held(json, "a"));

    private static long? Held(string json, string node)
    {
        using var document = JsonDocument.Parse(json);
        return PullAudit.HeldBytes(document.RootElement, node);
    }
}
