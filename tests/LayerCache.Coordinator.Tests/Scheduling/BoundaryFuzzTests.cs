using System.Net;
using System.Text;
using LayerCache.Coordinator.Tests.Support;
using LayerCache.Testing.Fuzzing;

namespace LayerCache.Coordinator.Tests.Scheduling;

/// <summary>
/// The extender's bodies and the hints API's queries, mutated at random from good ones (seeded): no answer is a 5xx, and
/// the coordinator answers a good request after each batch.
/// </summary>
public sealed class BoundaryFuzzTests() : ShopClusterTests()
{
    private const int Mutants = 400;

    [Theory]
    [InlineData("prioritize", 11)]
    [InlineData("filter", 12)]
    public async Task ExtenderBodies_NeverA5xx(string route, int seed)
    {
        var random = new Random(seed);
        string[] good = [Fixtures.ArgsWithNames(ShopCluster.NodeNames), Fixtures.ArgsWithNodes()];
        var statuses = new Dictionary<HttpStatusCode, int>();
        for (var i = 0; i < Mutants; i++)
        {
            var body = JsonMutator.Mutate(good[i % good.Length], random);
            using var content = new StringContent(body, Encoding.UTF8, "application/json");
            using var response = await Host.Http.PostAsync(new Uri($"/scheduler/{route}", UriKind.Relative), content);
            Assert.True((int)response.StatusCode < 500, $"seed {seed}, mutant {i}: {(int)response.StatusCode} for {Shorten(body)}");
            statuses[response.StatusCode] = statuses.GetValueOrDefault(response.StatusCode) + 1;
        }

        // Both kinds of answer were reached: some mutants stay valid ExtenderArgs, most do not.
        Assert.Contains(HttpStatusCode.OK, statuses.Keys);
        Assert.Contains(HttpStatusCode.BadRequest, statuses.Keys);
        await AssertStillServingAsync();
    }

    [Fact]
    public async Task HintQueries_NeverA5xx()
    {
        var random = new Random(13);
        string[] parts =
        [
            "image=docker.io/library/redis:7", "image=", "image=%00", "image=" + new string('a', 3000), "image=UPPER/Case:x",
            "image=ghcr.io/acme/shop-api:2", "image=sha256:" + new string('f', 64), "image=a@sha256:zz", "image=a:b:c:d",
            "node=edge-a", "node=", "node=" + new string('n', 600), "node=%FF%FE", "explain=true", "x=1", "image", "&&", "=",
        ];
        for (var i = 0; i < Mutants; i++)
        {
            var query = string.Join('&', Enumerable.Range(0, random.Next(1, 70)).Select(_ => parts[random.Next(parts.Length)]));
            using var response = await Host.Http.GetAsync(new Uri("/v1/hints?" + query, UriKind.Relative));
            Assert.True((int)response.StatusCode < 500, $"mutant {i}: {(int)response.StatusCode} for {Shorten(query)}");
        }

        await AssertStillServingAsync();
    }

    private static string Shorten(string text) => text.Length <= 400 ? text : text[..400] + "...";

    private async Task AssertStillServingAsync()
    {
        using var scored = await Host.Http.PostAsync(
            new Uri("/scheduler/prioritize", UriKind.Relative), new StringContent(Fixtures.ArgsWithNames(["edge-a"]), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, scored.StatusCode);
    }
}
