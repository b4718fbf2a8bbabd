using LayerCache.Coordinator.Endpoints;
using LayerCache.Coordinator.Hints;
using LayerCache.Coordinator.Operators;
using LayerCache.Coordinator.Planning;
using LayerCache.Coordinator.State;
using LayerCache.Coordinator.View;
using LayerCache.Hosting;
using LayerCache.Hosting.Health;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace LayerCache.Coordinator;

/// <summary>
/// Registers the coordinator: its settings, the cluster view, hints with their image demand, gRPC and Kestrel's
/// endpoints. The store feed and the planner add themselves here, each as one more step.
/// </summary>
public static class CoordinatorServiceCollectionExtensions
{
    public static IServiceCollection AddLayerCacheCoordinator(this IServiceCollection services, IConfiguration configuration)
    {
        AddOptions(services, configuration);
        AddView(services);

        // Before the hints: with Redis, the store's image demand replaces the local one.
        services.AddClusterStore(configuration);
        services.AddPlanner(configuration);
        AddHints(services);
        AddServer(services);
        return services;
    }

    private static void AddOptions(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CoordinatorOptions>().Bind(configuration.GetSection(CoordinatorOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CoordinatorOptions>, CoordinatorOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
    }

    private static void AddView(IServiceCollection services)
    {
        services.AddServiceEndpoints("coordinator", ServiceVersion.Of(typeof(CoordinatorMetrics).Assembly));
        services.TryAddSingleton<CoordinatorMetrics>();
        services.TryAddSingleton<ClusterState>();
    }

    private static void AddHints(IServiceCollection services)
    {
        // A store-backed demand registered before this call wins; the local one stays available to a resolver.
        services.TryAddSingleton<LocalImageDemand>();
        services.TryAddSingleton<IImageDemand>(sp => sp.GetRequiredService<LocalImageDemand>());
        services.TryAddSingleton<HintService>();
        services.TryAddSingleton<NodeReports>();
    }

    private static void AddServer(IServiceCollection services)
    {
        services.AddGrpc();
        services.TryAddSingleton<ApiAccess>();
        services.TryAddSingleton<CoordinatorListeners>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<KestrelServerOptions>, CoordinatorListeners>(
            sp => sp.GetRequiredService<CoordinatorListeners>()));
    }
}
