using LayerCache.Agent;
using LayerCache.Agent.Inventory;
using LayerCache.Agent.Node;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LayerCache.AgentBenchmarks.Resync;

/// <summary>The agent's services, built as the agent builds them but not started, so the benchmark calls the inventory loop's resync itself.</summary>
public sealed class InProcessInventory : IAsyncDisposable
{
    private readonly WebApplication _app;

    public InProcessInventory(string socketPath)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Agent:NodeName"] = "bench",
            ["Agent:ContainerdSocket"] = socketPath,
            ["Agent:ContainerdRoot"] = Path.GetDirectoryName(socketPath),
            ["Agent:Namespace"] = "k8s.io",
        });
        builder.Services.AddLayerCacheAgent(builder.Configuration);
        _app = builder.Build();
    }

    public InventorySync Inventory => _app.Services.GetRequiredService<InventorySync>();

    public NodeState Node => _app.Services.GetRequiredService<NodeState>();

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
