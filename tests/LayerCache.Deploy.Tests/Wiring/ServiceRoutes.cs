using System.Text;
using LayerCache.Agent;
using LayerCache.Coordinator;
using LayerCache.Coordinator.Endpoints;
using LayerCache.Hosting.Health;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LayerCache.Deploy.Tests.Wiring;

/// <summary>
/// The routes each service maps, composed as its Program composes it, with the deployed settings; built, not started,
/// so nothing connects anywhere. Each route reads as "METHOD /path".
/// </summary>
internal static class ServiceRoutes
{
    public static Task<IReadOnlySet<string>> AgentAsync(string settingsJson) =>
        RoutesAsync(settingsJson, (services, configuration) => services.AddLayerCacheAgent(configuration), app => app.MapServiceEndpoints());

    public static Task<IReadOnlySet<string>> CoordinatorAsync(string settingsJson) =>
        RoutesAsync(settingsJson, (services, configuration) => services.AddLayerCacheCoordinator(configuration), app => app.MapLayerCacheCoordinator());

    private static async Task<IReadOnlySet<string>> RoutesAsync(
        string settingsJson, Action<IServiceCollection, IConfiguration> addServices, Action<WebApplication> mapRoutes)
    {
        var builder = WebApplication.CreateSlimBuilder();
        // Only the deployed settings: not this machine's environment, nor an appsettings.json beside the tests.
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(settingsJson)));
        builder.Logging.ClearProviders();
        addServices(builder.Services, builder.Configuration);
        await using var app = builder.Build();
        mapRoutes(app);
        return Routes(app);
    }

    private static HashSet<string> Routes(IEndpointRouteBuilder app) =>
        [.. app.DataSources.SelectMany(s => s.Endpoints).OfType<RouteEndpoint>().SelectMany(Describe)];

    private static IEnumerable<string> Describe(RouteEndpoint endpoint)
    {
        var path = "/" + endpoint.RoutePattern.RawText?.TrimStart('/');
        var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["*"];
        return methods.Select(m => $"{m} {path}");
    }
}
