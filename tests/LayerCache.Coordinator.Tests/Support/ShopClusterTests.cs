namespace LayerCache.Coordinator.Tests.Support;

/// <summary>Tests against a coordinator of their own, loaded with <see cref="ShopCluster"/>.</summary>
public abstract class ShopClusterTests(IReadOnlyDictionary<string, string?>? settings = null) : IAsyncLifetime
{
    protected CoordinatorHost Host { get; private set; } = null!;

    public virtual async Task InitializeAsync()
    {
        Host = await CoordinatorHost.StartAsync(settings);
        ShopCluster.Load(Host.State);
    }

    public virtual async Task DisposeAsync() => await Host.DisposeAsync();
}
