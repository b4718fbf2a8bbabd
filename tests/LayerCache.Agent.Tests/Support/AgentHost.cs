using System.Diagnostics;
using LayerCache.Agent.Cluster;
using LayerCache.Agent.Inventory;
using LayerCache.Agent.Leases;
using LayerCache.Agent.Node;
using LayerCache.Agent.Prefetch;
using LayerCache.Hosting.Health;
using LayerCache.Testing.Containerd;
using LayerCache.Hosting.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LayerCache.Agent.Tests.Support;

/// <summary>The agent as it runs on a node, in this process, on a loopback port, against the environment's containerd.</summary>
public sealed class AgentHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private AgentHost(WebApplication app, Uri address)
    {
        _app = app;
        Http = new HttpClient { BaseAddress = address };
    }

    public HttpClient Http { get; }

    public NodeState Node => _app.Services.GetRequiredService<NodeState>();

    public InventorySync Inventory => _app.Services.GetRequiredService<InventorySync>();

    public LayerPrefetcher Prefetcher => _app.Services.GetRequiredService<LayerPrefetcher>();

    public AgentLease Lease => _app.Services.GetRequiredService<AgentLease>();

    public Readiness Readiness => _app.Services.GetRequiredService<Readiness>();

    public MetricRegistry Metrics => _app.Services.GetRequiredService<MetricRegistry>();

    public ClusterLink Link => _app.Services.GetRequiredService<ClusterLink>();

    public T Get<T>()
        where T : notnull => _app.Services.GetRequiredService<T>();

    public static Task<AgentHost> StartAsync(NodeEnvironment environment, IDictionary<string, string?>? settings = null, ILoggerProvider? logs = null) =>
        StartAsync(environment, environment.Containerd, settings, logs);

    /// <summary>The agent of another node of the environment: its own containerd, the same registry.</summary>
    public static async Task<AgentHost> StartAsync(
        NodeEnvironment environment, ContainerdFixture containerd, IDictionary<string, string?>? settings = null, ILoggerProvider? logs = null)
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
            ["Agent:NodeName"] = "test-node",
            ["Agent:ContainerdSocket"] = containerd.SocketPath,
            // The throwaway containerd's directory holds its root: the budget, where a test sets none, is a share of its filesystem.
            ["Agent:ContainerdRoot"] = containerd.Directory,
            ["Agent:Namespace"] = containerd.Namespace,
            ["Agent:PlainHttpRegistries:0"] = environment.Registry.Host,
            // The agent reads the certs.d its containerd reads, as on a node.
            ["Agent:RegistryHostsDirectory"] = containerd.CertsDirectory,
            ["Agent:ResyncInterval"] = "00:00:30",
            // Tests pull and evict within seconds; the minimum age has its own tests, which set it.
            ["Agent:ImageMinimumAge"] = "00:00:00",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            configuration[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(configuration);
        builder.Services.AddLayerCacheAgent(builder.Configuration);
        var app = builder.Build();
        app.MapServiceEndpoints();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        var host = new AgentHost(app, new Uri(address));
        // Its first inventory sync reads containerd; on a loaded machine that has taken more than 10 s.
        await host.WaitUntilAsync(() => host.Readiness.IsReady, TimeSpan.FromSeconds(60), "the agent never became ready");
        return host;
    }

    /// <summary>Polls until <paramref name="condition"/> holds; fails with <paramref name="what"/> after <paramref name="timeout"/>.</summary>
    public async Task<TimeSpan> WaitUntilAsync(Func<bool> condition, TimeSpan timeout, string what)
    {
        var started = Stopwatch.StartNew();
        while (!condition())
        {
            if (started.Elapsed > timeout)
            {
                throw new TimeoutException($"{what} within {timeout.TotalSeconds} s");
            }

            await Task.Delay(10);
        }

        return started.Elapsed;
    }

    /// <summary>Polls the node's cache, under its lock, until <paramref name="condition"/> holds.</summary>
    public async Task<TimeSpan> WaitForNodeAsync(Func<NodeState, bool> condition, TimeSpan timeout, string what)
    {
        var started = Stopwatch.StartNew();
        while (!await ReadAsync(condition))
        {
            if (started.Elapsed > timeout)
            {
                throw new TimeoutException($"{what} within {timeout.TotalSeconds} s");
            }

            await Task.Delay(10);
        }

        return started.Elapsed;
    }

    /// <summary>Reads the node's cache under its lock.</summary>
    public async Task<T> ReadAsync<T>(Func<NodeState, T> read)
    {
        await Node.Lock.WaitAsync();
        try
        {
            return read(Node);
        }
        finally
        {
            Node.Lock.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
