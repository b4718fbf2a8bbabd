using LayerCache.Testing.Containerd;

namespace LayerCache.Agent.Tests.Support;

/// <summary>Two nodes of one site: the cluster node environment's containerd and a neighbour's of its own, one registry, one Redis.</summary>
public sealed class SiteEnvironment : ClusterNodeEnvironment, IAsyncLifetime
{
    public ContainerdFixture Neighbour { get; } = new();

    async Task IAsyncLifetime.InitializeAsync()
    {
        await Redis.InitializeAsync();
        await InitializeAsync();
        Neighbour.TrustPlainHttpRegistry(Registry.Host);
        await Neighbour.InitializeAsync();
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await Neighbour.DisposeAsync();
        await DisposeAsync();
        await Redis.DisposeAsync();
    }
}
