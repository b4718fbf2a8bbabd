using LayerCache.Cluster;
using LayerCache.Coordinator.Hints;
using LayerCache.Coordinator.Operators;
using LayerCache.Coordinator.Planning;
using LayerCache.Registry;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace LayerCache.Coordinator.State;

/// <summary>Registers the coordinator's Redis side: the connection, the feed into the view, image resolution and shared popularity.</summary>
public static class StoreServiceCollectionExtensions
{
    public const string RedisConfigurationKey = "Redis:Configuration";

    /// <summary>Registers the store when Redis is configured; call it before the hints so its image demand wins.</summary>
    public static IServiceCollection AddClusterStore(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StoreOptions>()
            .Bind(configuration.GetSection(StoreOptions.Section))
            .Configure(o =>
            {
                o.RedisConfiguration = configuration[RedisConfigurationKey];
                o.ServeWithoutRedis = configuration.GetValue<bool>($"{CoordinatorOptions.Section}:{nameof(CoordinatorOptions.ServeWithoutRedis)}");
            })
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StoreOptions>, StoreOptionsValidator>());
        services.TryAddSingleton<StoreMetrics>();
        if (string.IsNullOrWhiteSpace(configuration[RedisConfigurationKey]))
        {
            return services;
        }

        services.TryAddSingleton<IConnectionMultiplexer>(sp => Connect(sp.GetRequiredService<IOptions<StoreOptions>>().Value));
        services.TryAddSingleton(sp => new ClusterStoreOptions
        {
            KeyPrefix = sp.GetRequiredService<IOptions<StoreOptions>>().Value.KeyPrefix,
            ImageTtl = sp.GetRequiredService<IOptions<StoreOptions>>().Value.ImageTtl,
        });
        services.TryAddSingleton(sp => BadPayloads(sp));
        services.TryAddSingleton(sp =>
        {
            var reader = new InventoryReader(sp.GetRequiredService<IConnectionMultiplexer>(), sp.GetRequiredService<ClusterStoreOptions>());
            reader.BadPayload += sp.GetRequiredService<BadPayloadSink>().Report;
            return reader;
        });
        services.TryAddSingleton(sp => new ImageCatalog(sp.GetRequiredService<IConnectionMultiplexer>(), sp.GetRequiredService<ClusterStoreOptions>()));
        services.TryAddSingleton(sp =>
        {
            var planner = sp.GetService<IOptions<PlannerOptions>>()?.Value;
            var time = sp.GetRequiredService<TimeProvider>();
            var keys = string.IsNullOrWhiteSpace(planner?.OrderKeysDirectory)
                ? null
                : OrderKeys.Load(planner.OrderKeysDirectory, planner.OrderSigningKey, signs: true, time);
            var queue = new OrderQueue(sp.GetRequiredService<IConnectionMultiplexer>(), sp.GetRequiredService<ClusterStoreOptions>(), time, keys);
            queue.BadPayload += sp.GetRequiredService<BadPayloadSink>().Report;
            return queue;
        });
        services.TryAddSingleton(sp =>
        {
            var store = new PopularityStore(
                sp.GetRequiredService<IConnectionMultiplexer>(),
                sp.GetRequiredService<ClusterStoreOptions>(),
                sp.GetRequiredService<IOptions<CoordinatorOptions>>().Value.PopularityHalfLife,
                sp.GetRequiredService<TimeProvider>());
            store.BadPayload += sp.GetRequiredService<BadPayloadSink>().Report;
            return store;
        });
        services.TryAddSingleton(sp =>
        {
            var store = sp.GetRequiredService<IOptions<StoreOptions>>().Value;
            return new RegistryClient(RegistryOptions.For(store.PlainHttpRegistries, store.DockerConfigPath));
        });

        services.TryAddSingleton<StoreFeed>();
        services.AddHostedService(sp => sp.GetRequiredService<StoreFeed>());
        services.TryAddSingleton<ImageResolver>();
        services.AddHostedService(sp => sp.GetRequiredService<ImageResolver>());
        services.TryAddSingleton<IImageLookup>(sp => sp.GetRequiredService<ImageResolver>());
        services.TryAddSingleton<OrderReports>();
        services.TryAddSingleton<OperatorPrefetch>();
        services.TryAddSingleton<StoreImageDemand>();
        services.TryAddSingleton<IImageDemand>(sp => sp.GetRequiredService<StoreImageDemand>());
        services.AddHostedService(sp => sp.GetRequiredService<StoreImageDemand>());
        return services;
    }

    private static BadPayloadSink BadPayloads(IServiceProvider services)
    {
        var metrics = services.GetRequiredService<StoreMetrics>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(BadPayloadSink).FullName!);
        return new BadPayloadSink(kind => metrics.BadPayloads.Inc(1, kind), bad => StoreLog.BadPayload(logger, bad.Kind, bad.Key, bad.Reason));
    }

    /// <summary>
    /// Connects as the agent does (see <see cref="RedisConnection.Options"/>): it starts without Redis rather than crash,
    /// and a call while Redis is away fails at once, so the feed flags the view stale then and not after a timeout.
    /// </summary>
    private static ConnectionMultiplexer Connect(StoreOptions options) =>
        ConnectionMultiplexer.Connect(RedisConnection.Options(options.RedisConfiguration!));
}
