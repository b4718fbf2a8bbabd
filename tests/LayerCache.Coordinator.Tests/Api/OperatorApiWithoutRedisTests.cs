using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using LayerCache.Coordinator.Tests.Support;

namespace LayerCache.Coordinator.Tests.Api;

/// <summary>
/// The operators' API on a coordinator without Redis: orders say why there are none, prefetch refuses with 409, bad
/// requests get 400 and unknown nodes 404; and with an API token, every route of it wants the token as /v1/hints does.
/// </summary>
public sealed class OperatorApiWithoutRedisTests() : ShopClusterTests(CoordinatorHost.RoundCosts)
{
    [Fact]
    public async Task Orders_NoRedis_EmptyWithTheReason()
    {
        using var response = await Host.Http.GetAsync(new Uri("/v1/orders", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Empty(json.RootElement.GetProperty("orders").EnumerateArray());
        Assert.Contains("without Redis", json.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/v1/orders?limit=0", "limit must be a whole number from 1 to 1000")]
    [InlineData("/v1/orders?limit=ten", "limit must be a whole number")]
    [InlineData("/v1/orders?limit=99999999999999999999", "limit must be a whole number")]
    public async Task Orders_BadQuery_400(string path, string mentions)
    {
        using var response = await Host.Http.GetAsync(new Uri(path, UriKind.Relative));

        await ApiCalls.AssertErrorAsync(response, HttpStatusCode.BadRequest, mentions);
    }

    [Theory]
    [InlineData("{\"images\":[\"busybox:1.36\"]}", HttpStatusCode.BadRequest, "name the nodes")]
    [InlineData("{\"images\":[\"busybox:1.36\"],\"nodes\":[\"edge-a\"],\"all\":true}", HttpStatusCode.BadRequest, "one of the two")]
    [InlineData("{\"images\":[],\"all\":true}", HttpStatusCode.BadRequest, "at least one image")]
    [InlineData("{\"images\":[\"Not An Image\"],\"all\":true}", HttpStatusCode.BadRequest, "'Not An Image' is not a valid image reference")]
    [InlineData("{\"images\":[\"busybox:1.36\"],\"nodes\":[\"edge-zz\"]}", HttpStatusCode.NotFound, "no node 'edge-zz'")]
    [InlineData("{\"images\":\"busybox\"", HttpStatusCode.BadRequest, "not a valid prefetch request")]
    [InlineData("null", HttpStatusCode.BadRequest, "must be a JSON object")]
    [InlineData("{\"images\":[\"busybox:1.36\"],\"nodes\":[\"edge-a\"]}", HttpStatusCode.Conflict, "without Redis")]
    public async Task Prefetch_RefusedWithTheReason(string body, HttpStatusCode status, string mentions)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await Host.Http.PostAsync(new Uri("/v1/prefetch", UriKind.Relative), content);

        await ApiCalls.AssertErrorAsync(response, status, mentions);
    }

    [Fact]
    public async Task Prefetch_BodyOverTheLimit_413()
    {
        using var content = new StringContent("{\"images\":[\"" + new string('a', 70_000) + "\"],\"all\":true}", Encoding.UTF8, "application/json");
        using var response = await Host.Http.PostAsync(new Uri("/v1/prefetch", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task ApiToken_EveryOperatorRouteWantsIt()
    {
        var directory = Directory.CreateTempSubdirectory("layercache-token-").FullName;
        var file = Path.Combine(directory, "token");
        await File.WriteAllTextAsync(file, "operator-token\n");
        var settings = new Dictionary<string, string?>(CoordinatorHost.RoundCosts) { ["Coordinator:ApiTokenFile"] = file };
        await using var host = await CoordinatorHost.StartAsync(settings);
        ShopCluster.Load(host.State);

        foreach (var (method, path) in new[] { ("GET", "/v1/nodes"), ("GET", "/v1/nodes/edge-a"), ("GET", "/v1/orders"), ("GET", "/v1/hints?image=busybox&explain=true"), ("POST", "/v1/prefetch") })
        {
            using var anonymous = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative));
            using var refused = await host.Http.SendAsync(anonymous);
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);

            using var wrong = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative));
            wrong.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "not-the-token");
            using var refusedAgain = await host.Http.SendAsync(wrong);
            Assert.Equal(HttpStatusCode.Unauthorized, refusedAgain.StatusCode);
        }

        using var allowed = new HttpRequestMessage(HttpMethod.Get, new Uri("/v1/nodes/edge-a", UriKind.Relative));
        allowed.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "operator-token");
        using var answered = await host.Http.SendAsync(allowed);
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        Directory.Delete(directory, recursive: true);
    }
}
