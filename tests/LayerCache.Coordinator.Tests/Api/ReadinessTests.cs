using System.Net;
using LayerCache.Coordinator.Tests.Support;

namespace LayerCache.Coordinator.Tests.Api;

/// <summary>/readyz follows the view: not ready until it has synced once, unless told to serve without Redis.</summary>
public sealed class ReadinessTests
{
    [Fact]
    public async Task Readyz_BeforeFirstSync_503WithReasonThenReady()
    {
        // A Redis nobody listens on: the view can never sync by itself.
        await using var host = await CoordinatorHost.StartAsync(new Dictionary<string, string?>
        {
            ["Coordinator:ServeWithoutRedis"] = "false",
            ["Redis:Configuration"] = "127.0.0.1:1,connectTimeout=200",
        });

        using var before = await host.Http.GetAsync(new Uri("/readyz", UriKind.Relative));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, before.StatusCode);
        Assert.StartsWith("view: ", await before.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        host.State.MarkSynced(DateTimeOffset.UtcNow);
        host.State.MarkStale("redis unreachable");

        // A view that has synced once keeps serving, stale, and stays ready.
        using var after = await host.Http.GetAsync(new Uri("/readyz", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.True(host.State.IsStale);
    }

    [Fact]
    public async Task Readyz_ServeWithoutRedis_ReadyAtOnce()
    {
        await using var host = await CoordinatorHost.StartAsync();

        using var response = await host.Http.GetAsync(new Uri("/readyz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(host.State.IsStale);
    }
}
