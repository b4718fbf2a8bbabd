using System.Net;
using System.Text;
using System.Text.Json;
using LayerCache.Coordinator.Tests.Support;

namespace LayerCache.Coordinator.Tests.Scheduling;

/// <summary>What the extender routes answer to bodies kube-scheduler would never send; never a 500, and the process keeps serving.</summary>
public sealed class BadInputTests() : ShopClusterTests()
{
    public static TheoryData<string, string, HttpStatusCode, string> Cases => new()
    {
        { "prioritize", "{\"Pod\": {\"metadata\": ", HttpStatusCode.BadRequest, "not a valid ExtenderArgs" },
        { "filter", "{\"NodeNames\": [\"a\"", HttpStatusCode.BadRequest, "not a valid ExtenderArgs" },
        { "prioritize", "", HttpStatusCode.BadRequest, "not a valid ExtenderArgs" },
        { "prioritize", "null", HttpStatusCode.BadRequest, "not null" },
        { "prioritize", "[1, 2]", HttpStatusCode.BadRequest, "not a valid ExtenderArgs" },
        { "prioritize", "{\"Pod\": {\"spec\": {\"containers\": \"nginx\"}}, \"NodeNames\": [\"edge-a\"]}", HttpStatusCode.BadRequest, "$.Pod.spec.containers" },
        { "prioritize", "{\"Pod\": {\"spec\": {\"containers\": [{\"image\": 7}]}}, \"NodeNames\": [\"edge-a\"]}", HttpStatusCode.BadRequest, "image" },
        { "prioritize", "{\"Pod\": {\"spec\": {\"containers\": [{\"image\": \"nginx\"}]}}, \"NodeNames\": \"edge-a\"}", HttpStatusCode.BadRequest, "NodeNames" },
        { "filter", "{\"Nodes\": 5}", HttpStatusCode.BadRequest, "NodeList" },
        { "filter", "{\"Nodes\": {\"items\": [{\"metadata\": {}}]}}", HttpStatusCode.BadRequest, "items[0].metadata.name" },
        { "prioritize", "{\"NodeNames\": [\"edge-a\"]}", HttpStatusCode.BadRequest, "Pod is required" },
        { "prioritize", "{\"Pod\": {\"spec\": {\"containers\": []}}, \"NodeNames\": [\"edge-a\"]}", HttpStatusCode.BadRequest, "no image" },
        { "prioritize", "{\"Pod\": {\"spec\": {\"containers\": [{\"image\": \"nginx\"}]}}}", HttpStatusCode.BadRequest, "one of Nodes or NodeNames" },
        { "filter", "{\"Pod\": {}}", HttpStatusCode.BadRequest, "one of Nodes or NodeNames" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task BadBody_ClearErrorAndStillServing(string route, string body, HttpStatusCode status, string mentions)
    {
        using var response = await PostAsync(route, new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(status, response.StatusCode);
        Assert.Contains(mentions, await ErrorOfAsync(response), StringComparison.Ordinal);
        await AssertStillServingAsync();
    }

    [Theory]
    [InlineData("prioritize")]
    [InlineData("filter")]
    public async Task TenMegabyteBody_WithLength_413BeforeReadingIt(string route)
    {
        // As curl and most clients send a large body: they wait for "100 Continue", which a refused body never gets.
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"/scheduler/{route}", UriKind.Relative)) { Content = TenMegabytes(chunked: false) };
        request.Headers.ExpectContinue = true;

        using var response = await Host.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("larger than 4194304 bytes", await ErrorOfAsync(response), StringComparison.Ordinal);
        await AssertStillServingAsync();
    }

    [Fact]
    public async Task TenMegabyteBody_OfUnknownLength_413OnceTheLimitIsRead()
    {
        // Over HTTP/2 (the h2c port), so the early answer reaches the client while it is still sending.
        using var http2 = new HttpClient { BaseAddress = Host.GrpcAddress, DefaultRequestVersion = HttpVersion.Version20, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact };

        using var response = await http2.PostAsync(new Uri("/scheduler/prioritize", UriKind.Relative), TenMegabytes(chunked: true));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("larger than 4194304 bytes", await ErrorOfAsync(response), StringComparison.Ordinal);
        await AssertStillServingAsync();
    }

    [Fact]
    public async Task ZeroNodes_EmptyPriorityListAndEmptyPass()
    {
        using var prioritize = await PostAsync("prioritize", new StringContent(Fixtures.ArgsWithNames([]), Encoding.UTF8, "application/json"));
        using var filter = await PostAsync("filter", new StringContent(Fixtures.ArgsWithNames([]), Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, prioritize.StatusCode);
        Assert.Equal("[]", await prioritize.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, filter.StatusCode);
        Assert.Contains("\"NodeNames\":[]", await filter.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownFieldsAndOtherCase_AcceptedAsGoDecodesThem()
    {
        var body = "{\"pod\": {\"metadata\": {\"uid\": \"u1\"}, \"spec\": {\"containers\": [{\"image\": \"ghcr.io/acme/shop-api:2.4.1\", \"futureField\": {\"x\": 1}}]},"
            + " \"extra\": [1, 2]}, \"nodenames\": [\"edge-a\", \"edge-b\"], \"Unknown\": true}";

        using var response = await PostAsync("prioritize", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(["edge-a", "edge-b"], json.RootElement.EnumerateArray().Select(e => e.GetProperty("Host").GetString()));
        Assert.True(json.RootElement[0].GetProperty("Score").GetInt64() > json.RootElement[1].GetProperty("Score").GetInt64());
    }

    /// <summary>A NodeNames list of 10 MB: well-formed JSON, only too large.</summary>
    private static HttpContent TenMegabytes(bool chunked)
    {
        var names = string.Join(',', Enumerable.Repeat("\"node-name-of-some-length-0000000000\"", 10 * 1024 * 1024 / 38));
        var body = Encoding.UTF8.GetBytes($"{{\"Pod\":{Fixtures.Pod},\"NodeNames\":[{names}]}}");
        HttpContent content = chunked ? new StreamContent(new UnknownLengthStream(body)) : new ByteArrayContent(body);
        content.Headers.ContentType = new("application/json");
        return content;
    }

    private Task<HttpResponseMessage> PostAsync(string route, HttpContent content) =>
        Host.Http.PostAsync(new Uri($"/scheduler/{route}", UriKind.Relative), content);

    private static async Task<string> ErrorOfAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("Error").GetString()!;
    }

    private async Task AssertStillServingAsync()
    {
        using var health = await Host.Http.GetAsync(new Uri("/healthz", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        using var scored = await PostAsync("prioritize", new StringContent(Fixtures.ArgsWithNames(["edge-a"]), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, scored.StatusCode);
    }

    /// <summary>A body sent chunked: the server learns its size only by reading it.</summary>
    private sealed class UnknownLengthStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
