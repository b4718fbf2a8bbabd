using System.Net;
using LayerCache.Hosting.Health;
using LayerCache.Hosting.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LayerCache.Hosting.Tests.Health;

/// <summary>The endpoints on a real Kestrel server on a loopback port.</summary>
public sealed class ServiceEndpointsTests : IAsyncLifetime
{
    private WebApplication _app = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddServiceEndpoints("agent", "1.2.3");
        _app = builder.Build();
        _app.MapServiceEndpoints();
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        _http = new HttpClient { BaseAddress = new Uri(address) };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task Healthz_Always_Ok()
    {
        _app.Services.GetRequiredService<Readiness>().NotReady("containerd", "socket refused");

        var response = await _http.GetAsync(new Uri("/healthz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Readyz_DependencyDown_503WithReasonThenReadyAgain()
    {
        var readiness = _app.Services.GetRequiredService<Readiness>();
        readiness.NotReady("containerd", "socket refused");

        var down = await _http.GetAsync(new Uri("/readyz", UriKind.Relative));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
        Assert.Equal("containerd: socket refused\n", await down.Content.ReadAsStringAsync());

        readiness.Ready("containerd");
        var up = await _http.GetAsync(new Uri("/readyz", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, up.StatusCode);
    }

    [Fact]
    public async Task Metrics_RendersRegistryWithPrometheusContentType()
    {
        _app.Services.GetRequiredService<MetricRegistry>().Gauge("layercache_layers", "Layers held.").Set(7);

        var response = await _http.GetAsync(new Uri("/metrics", UriKind.Relative));

        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("layercache_layers 7\n", text, StringComparison.Ordinal);
        Assert.Contains("layercache_build_info{service=\"agent\",version=\"1.2.3\"} 1\n", text, StringComparison.Ordinal);
    }
}
