using LayerCache.Coordinator.Endpoints;
using LayerCache.Coordinator.Hints;
using LayerCache.Coordinator.View;
using LayerCache.Hosting.Health;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LayerCache.Coordinator.Tests.Support;

/// <summary>
/// The coordinator composed as Program composes it, in this process, on loopback Kestrel ports chosen by the
/// system: one for HTTP/1.1 and one HTTP/2-only for gRPC.
/// </summary>
public sealed class CoordinatorHost : IAsyncDisposable
{
    /// <summary>Pull-cost settings round enough to compute scores by hand: 100 MB/s links, 200 MB/s unpack, 0.1 s a layer.</summary>
    public static readonly IReadOnlyDictionary<string, string?> RoundCosts = new Dictionary<string, string?>
    {
        ["Coordinator:DefaultBandwidthBytesPerSecond"] = "100000000",
        ["Coordinator:MaxBandwidthBytesPerSecond"] = "100000000",
        ["Coordinator:UnpackBytesPerSecond"] = "200000000",
        ["Coordinator:LayerRequestSeconds"] = "0.1",
    };

    private readonly WebApplication _app;

    private CoordinatorHost(WebApplication app, Uri address, Uri grpcAddress)
    {
        _app = app;
        Address = address;
        GrpcAddress = grpcAddress;
        Http = new HttpClient { BaseAddress = address };
    }

    public Uri Address { get; }

    public Uri GrpcAddress { get; }

    public HttpClient Http { get; }

    public IServiceProvider Services => _app.Services;

    public ClusterState State => _app.Services.GetRequiredService<ClusterState>();

    public LocalImageDemand Demand => _app.Services.GetRequiredService<LocalImageDemand>();

    public HintService Hints => _app.Services.GetRequiredService<HintService>();

    public Readiness Readiness => _app.Services.GetRequiredService<Readiness>();

    /// <param name="logs">Where its log goes, if a test reads it; nowhere otherwise.</param>
    public static async Task<CoordinatorHost> StartAsync(IReadOnlyDictionary<string, string?>? settings = null, ILoggerProvider? logs = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        if (logs is not null)
        {
            builder.Logging.AddProvider(logs);
        }

        var configuration = new Dictionary<string, string?>
        {
            ["Coordinator:GrpcPort"] = "0",
            ["Coordinator:GrpcBindAddress"] = "127.0.0.1",
            ["Coordinator:ServeWithoutRedis"] = "true",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            configuration[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(configuration);
        builder.Services.AddLayerCacheCoordinator(builder.Configuration);
        var app = builder.Build();
        app.MapLayerCacheCoordinator();
        await app.StartAsync();
        var grpc = app.Services.GetRequiredService<CoordinatorListeners>().GrpcEndPoint
            ?? throw new InvalidOperationException("the gRPC port did not bind");
        var grpcAddress = new Uri($"http://127.0.0.1:{grpc.Port}");
        var metrics = app.Services.GetRequiredService<CoordinatorListeners>().MetricsEndPoint?.Port;
        var http = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses
            .Select(a => new Uri(a)).Single(a => a.Port != grpc.Port && a.Port != metrics);
        return new CoordinatorHost(app, http, grpcAddress);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
