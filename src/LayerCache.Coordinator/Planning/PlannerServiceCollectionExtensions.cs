using LayerCache.Cluster;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace LayerCache.Coordinator.Planning;

/// <summary>Registers the prefetch planner and its lock; only with Redis, since the lock and the orders live there.</summary>
public static class PlannerServiceCollectionExtensions
{
    public static IServiceCollection AddPlanner(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PlannerOptions>().Bind(configuration.GetSection(PlannerOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PlannerOptions>, PlannerOptionsValidator>());
        if (string.IsNullOrWhiteSpace(configuration[State.StoreServiceCollectionExtensions.RedisConfigurationKey])
            || !configuration.GetValue($"{PlannerOptions.Section}:{nameof(PlannerOptions.Enabled)}", true))
        {
            return services;
        }

        services.TryAddSingleton(sp => new LeaderLock(
            sp.GetRequiredService<IConnectionMultiplexer>(),
            sp.GetRequiredService<ClusterStoreOptions>(),
            $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}",
            sp.GetRequiredService<IOptions<PlannerOptions>>().Value.LockExpiry,
            sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<PlannerLoop>();
        services.AddHostedService(sp => sp.GetRequiredService<PlannerLoop>());
        return services;
    }
}
