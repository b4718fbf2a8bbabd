using LayerCache.Agent.Cluster;
using LayerCache.Agent.Eviction;
using LayerCache.Agent.Inventory;
using LayerCache.Agent.Leases;
using LayerCache.Agent.Node;
using LayerCache.Agent.Peers;
using LayerCache.Agent.Prefetch;
using LayerCache.Agent.Unpack;
using LayerCache.Agent.Registries;
using LayerCache.Containerd;
using LayerCache.Hosting;
using LayerCache.Hosting.Health;
using LayerCache.Registry;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace LayerCache.Agent;

/// <summary>Registers the node agent: its settings, clients, node state, lease, inventory loop, evictor, prefetcher and cluster link.</summary>
public static class AgentServiceCollectionExtensions
{
    public static IServiceCollection AddLayerCacheAgent(this IServiceCollection services, IConfiguration configuration)
    {
        AddOptions(services, configuration);
        AddClients(services);
        AddNode(services);
        AddClusterLink(services);
        AddPeers(services);
        return services;
    }

    private static void AddOptions(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AgentOptions>().Bind(configuration.GetSection(AgentOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AgentOptions>, AgentOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
    }

    private static void AddClients(IServiceCollection services)
    {
        services.TryAddSingleton(sp => CreateContainerdClient(sp.GetRequiredService<IOptions<AgentOptions>>().Value));
        services.TryAddSingleton(sp => AgentRegistry.Create(
            sp.GetRequiredService<IOptions<AgentOptions>>().Value,
            sp.GetRequiredService<AgentMetrics>(),
            sp.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RegistryClient).FullName!)));
    }

    private static void AddNode(IServiceCollection services)
    {
        services.AddServiceEndpoints("agent", ServiceVersion.Of(typeof(AgentMetrics).Assembly));
        services.TryAddSingleton<AgentMetrics>();
        services.TryAddSingleton<NodeState>();
        services.TryAddSingleton<AgentLease>();
        services.TryAddSingleton<LeaseKeeper>();
        services.AddHostedService(sp => sp.GetRequiredService<LeaseKeeper>());
        services.TryAddSingleton<NodeEvictor>();
        services.TryAddSingleton<LayerPrefetcher>();
        services.TryAddSingleton<ImageUnpacker>();
        services.TryAddSingleton<UnpackedChains>();
        services.TryAddSingleton<InventorySync>();
        services.AddHostedService(sp => sp.GetRequiredService<InventorySync>());
    }

    /// <summary>Registered always; it does nothing but log once when Agent:Redis is empty.</summary>
    private static void AddClusterLink(IServiceCollection services)
    {
        services.TryAddSingleton<OrderExecutor>();
        services.TryAddSingleton<OrderRegistries>();
        services.TryAddSingleton<ClusterLink>();
        services.AddHostedService(sp => sp.GetRequiredService<ClusterLink>());
    }

    /// <summary>Registered always; the listeners open nothing, and no hosts.toml is written, while Agent:Peers:Port and Agent:Peers:MirrorPort are 0.</summary>
    private static void AddPeers(IServiceCollection services)
    {
        services.TryAddSingleton<PeerDirectory>();
        services.TryAddSingleton<PeerFetcher>();
        services.TryAddSingleton<PeerBlobServer>();
        services.TryAddSingleton<ContainerdMirror>();
        services.TryAddSingleton<PeerListeners>();
        services.AddHostedService(sp => sp.GetRequiredService<PeerListeners>());

        // After the listeners: containerd is told of the mirror once it answers, and stops asking before it closes.
        services.AddHostedService<MirrorHostsFiles>();
    }

    internal static ContainerdClient CreateContainerdClient(AgentOptions options) => new(new ContainerdClientOptions
    {
        SocketPath = options.ContainerdSocket,
        Namespace = options.Namespace,

        // The inventory loop reconnects and reports not-ready itself; a call should fail fast, not wait a minute.
        ReconnectGiveUpAfter = TimeSpan.FromSeconds(2),
    });
}
