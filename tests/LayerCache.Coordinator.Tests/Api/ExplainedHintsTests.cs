using System.Net;
using System.Text.Json;
using LayerCache.Coordinator.Tests.Support;
using static LayerCache.Coordinator.Tests.Support.Layers;

namespace LayerCache.Coordinator.Tests.Api;

/// <summary>GET /v1/hints?explain=true: the hint's own numbers, with how each node's were made.</summary>
public sealed class ExplainedHintsTests() : ShopClusterTests(CoordinatorHost.RoundCosts)
{
    private const string Pod = "image=busybox:1.36&image=ghcr.io/acme/shop-api:2.4.1&image=envoyproxy/envoy:v1.29.1";

    [Fact]
    public async Task Explain_SameNumbersAsTheHint_WithTheirWorkings()
    {
        using var plain = await Host.Http.GetJsonAsync($"/v1/hints?{Pod}&node=edge-a&node=edge-e&node=edge-b&node=edge-d");
        using var explained = await Host.Http.GetJsonAsync($"/v1/hints?{Pod}&node=edge-a&node=edge-e&node=edge-b&node=edge-d&explain=true");

        static List<(string?, long, long, double, int)> Numbers(JsonDocument d) => [.. d.RootElement.GetProperty("nodes").EnumerateArray().Select(n => (
            n.GetProperty("node").GetString(), n.GetProperty("presentBytes").GetInt64(), n.GetProperty("missingBytes").GetInt64(),
            Math.Round(n.GetProperty("estimatedPullSeconds").GetDouble(), 9), n.GetProperty("score").GetInt32()))];
        Assert.Equal(Numbers(plain), Numbers(explained));
        var nodes = explained.RootElement.GetProperty("nodes").EnumerateArray().ToDictionary(n => n.GetProperty("node").GetString()!);

        // edge-a holds shop-api's base and runtime and envoy: 3 of the 5 layers; busybox and the new app are missing.
        var a = nodes["edge-a"];
        Assert.Equal(3, a.GetProperty("presentLayers").GetInt32());
        Assert.Equal(2, a.GetProperty("missingLayers").GetInt32());
        Assert.Equal(100e6, a.GetProperty("linkBytesPerSecond").GetDouble());
        Assert.Equal(2.0, a.GetProperty("typicalColdSeconds").GetDouble(), precision: 9);
        Assert.Equal(0, a.GetProperty("slowerLinkSeconds").GetDouble());
        Assert.Contains("score 8 of 10", a.GetProperty("how").GetString(), StringComparison.Ordinal);

        // edge-e holds the same behind a 25 MB/s link: its 10 missing MB cost 0.3 s more than at 100 MB/s.
        var e = nodes["edge-e"];
        Assert.Equal(25e6, e.GetProperty("linkBytesPerSecond").GetDouble());
        Assert.Equal(10 * MB * ((1 / 25e6) - (1 / 100e6)), e.GetProperty("slowerLinkSeconds").GetDouble(), precision: 9);

        var d = nodes["edge-d"];
        Assert.False(d.GetProperty("known").GetBoolean());
        Assert.Equal(5, d.GetProperty("missingLayers").GetInt32());
        Assert.Contains("no inventory", d.GetProperty("how").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("explain=yes", "explain must be true or false")]
    [InlineData("explain=true&image=", "at least one image")]
    public async Task Explain_BadQuery_400(string query, string mentions)
    {
        var path = query.Contains("image=", StringComparison.Ordinal) && !query.Contains("busybox", StringComparison.Ordinal)
            ? $"/v1/hints?{query}"
            : $"/v1/hints?image=busybox:1.36&{query}";

        using var response = await Host.Http.GetAsync(new Uri(path, UriKind.Relative));

        await ApiCalls.AssertErrorAsync(response, HttpStatusCode.BadRequest, mentions);
    }
}
