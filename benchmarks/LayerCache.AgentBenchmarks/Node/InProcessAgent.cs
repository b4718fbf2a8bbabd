using LayerCache.Agent;
using LayerCache.Agent.Leases;
using LayerCache.Agent.Node;
using LayerCache.Agent.Prefetch;
using LayerCache.Agent.Unpack;
using LayerCache.Containerd;
using LayerCache.Hosting.Metrics;
using LayerCache.Registry;
using LayerCache.Testing.Containerd;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace LayerCache.AgentBenchmarks.Node;

/// <summary>
/// The agent's prefetch and unpack paths built in this process on one node, as AgentServiceCollectionExtensions builds
/// them: default options (changed by <c>configure</c>), plain HTTP to the one registry.
/// </summary>
public sealed class InProcessAgent : IDisposable
{
    private readonly ContainerdClient _client;
    private readonly RegistryClient _registry;
    private readonly AgentLease _lease;
    private readonly NodeState _node;
    private readonly AgentMetrics _metrics = new(new MetricRegistry());
    private readonly IOptions<AgentOptions> _options;

    public InProcessAgent(ContainerdFixture node, string registryHost, Action<AgentOptions>? configure = null)
    {
        var agent = new AgentOptions { ContainerdSocket = node.SocketPath, ContainerdRoot = node.Directory, Namespace = node.Namespace, NodeName = "bench" };
        agent.PlainHttpRegistries.Add(registryHost);
        configure?.Invoke(agent);
        _options = Options.Create(agent);
        _client = node.CreateClient();
        var registryOptions = new RegistryOptions();
        registryOptions.InsecureHosts.Add(registryHost);
        _registry = new RegistryClient(registryOptions);
        _lease = new AgentLease(_client, _options, TimeProvider.System, NullLogger<AgentLease>.Instance);
        _node = new NodeState(_options, TimeProvider.System);
        Prefetcher = new LayerPrefetcher(_client, _lease, _registry, _node, _metrics, _options, NullLogger<LayerPrefetcher>.Instance);
        Unpacker = new ImageUnpacker(_client, _lease, Prefetcher, _registry, _node, _metrics, _options, NullLogger<ImageUnpacker>.Instance);
    }

    public LayerPrefetcher Prefetcher { get; }

    public ImageUnpacker Unpacker { get; }

    public void Dispose()
    {
        Prefetcher.Dispose();
        _registry.Dispose();
        _client.Dispose();
    }
}
