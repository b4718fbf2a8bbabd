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
        // Plain request delegates: no parameter binding by reflection, so services using them publish as Native AOT.
        endpoints.MapGet("/healthz", context => Text(context, "ok\n"));
        endpoints.MapGet("/readyz", context =>
        {
            var readiness = context.RequestServices.GetRequiredService<Readiness>();
            if (readiness.IsReady)
            {
                return Text(context, "ready\n");
            }

            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return Text(context, string.Concat(readiness.Problems.Select(p => $"{p.Key}: {p.Value}\n")));
        });
        endpoints.MapGet("/metrics", context =>
            Text(context, context.RequestServices.GetRequiredService<MetricRegistry>().Render(), MetricRegistry.ContentType));
        return endpoints;
    }

    private static Task Text(HttpContext context, string body, string contentType = "text/plain; charset=utf-8")
    {
        context.Response.ContentType = contentType;
        return context.Response.WriteAsync(body, context.RequestAborted);
    }

    /// <summary>Readiness and the metric registry of a service, named <paramref name="service"/> in <c>layercache_build_info</c>.</summary>
    public static IServiceCollection AddServiceEndpoints(this IServiceCollection services, string service, string version)
    {
        services.AddSingleton<Readiness>();
        services.AddSingleton(_ => new MetricRegistry(service, version));
        return services;
    }
}
