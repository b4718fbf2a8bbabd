using System.Net;
using System.Text;
using LayerCache.Coordinator.Endpoints;
using LayerCache.Coordinator.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace LayerCache.Coordinator.Tests.Api;

/// <summary>With Coordinator:MetricsPort, health and metrics are answered on that port alone, and nothing else is.</summary>
public sealed class MetricsPortTests
{
    [Fact]
    public async Task MetricsPort_HealthAndMetricsThereOnly_TheApiNotThere()
    {
        await using var host = await CoordinatorHost.StartAsync(new Dictionary<string, string?> { ["Coordinator:MetricsPort"] = "0" });
        ShopCluster.Load(host.State);
        var port = host.Services.GetRequiredService<CoordinatorListeners>().MetricsEndPoint!.Port;
        using var metrics = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };

        foreach (var path in new[] { "/metrics", "/healthz", "/readyz" })
        {
            Assert.Equal(HttpStatusCode.OK, (await metrics.GetAsync(new Uri(path, UriKind.Relative))).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await host.Http.GetAsync(new Uri(path, UriKind.Relative))).StatusCode);
        }

        Assert.Equal(HttpStatusCode.NotFound, await PrioritizeAsync(metrics));
        Assert.Equal(HttpStatusCode.NotFound, (await metrics.GetAsync(new Uri("/v1/hints?image=a:1", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, await PrioritizeAsync(host.Http));
    }

    private static async Task<HttpStatusCode> PrioritizeAsync(HttpClient http)
    {
        using var response = await http.PostAsync(
            new Uri("/scheduler/prioritize", UriKind.Relative), new StringContent(Fixtures.ArgsWithNames(["edge-a"]), Encoding.UTF8, "application/json"));
        return response.StatusCode;
    }
}
