using LayerCache.Hosting.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace LayerCache.Hosting.Health;

/// <summary>The endpoints every LayerCache service serves: <c>/healthz</c>, <c>/readyz</c> and Prometheus <c>/metrics</c>.</summary>
public static class ServiceEndpoints
{
    public static IEndpointRouteBuilder MapServiceEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/healthz", () => Results.Text("ok\n"));
        endpoints.MapGet("/readyz", (Readiness readiness) => readiness.IsReady
            ? Results.Text("ready\n")
            : Results.Text(
                string.Concat(readiness.Problems.Select(p => $"{p.Key}: {p.Value}\n")),
                statusCode: StatusCodes.Status503ServiceUnavailable));
        endpoints.MapGet("/metrics", (MetricRegistry registry) => Results.Text(registry.Render(), MetricRegistry.ContentType));
        return endpoints;
    }

    public static IServiceCollection AddServiceEndpoints(this IServiceCollection services)
    {
        services.AddSingleton<Readiness>();
        services.AddSingleton<MetricRegistry>();
        return services;
    }
}
