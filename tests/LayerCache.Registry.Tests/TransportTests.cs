using LayerCache.Testing.Registry;

namespace LayerCache.Registry.Tests;

public sealed class TransportTests(RegistryFixture registry) : IClassFixture<RegistryFixture>
{
    [Fact]
    public async Task NothingListening_IsRetriedWithBackoffThenFailsNamingTheRequest()
    {
        var time = new RecordingTimeProvider();
        var closed = $"127.0.0.1:{ClosedPort()}";
        var options = new RegistryOptions { UseDockerConfig = false, TimeProvider = time, MaxAttempts = 3, InitialBackoff = TimeSpan.FromMilliseconds(50) };
        options.InsecureHosts.Add(closed);
        using var client = new RegistryClient(options);

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.ResolveAsync($"{closed}/app:v1"));

        Assert.Contains("after 3 tries", error.Message, StringComparison.Ordinal);
        Assert.Equal([TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(100)], time.Delays);
    }

    [Fact]
    public async Task PlainHttpRegistryNotConfiguredInsecure_IsNotSpokenToInClearText()
    {
        var options = registry.CreateOptions();
        options.InsecureHosts.Clear();
        options.MaxAttempts = 1;
        using var client = registry.CreateClient(options);
        var before = registry.Proxy.Requests.Count;

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.ResolveAsync(registry.Reference("app:v1")));

        Assert.Contains("InsecureHosts", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, registry.Proxy.Requests.Count);
    }

    private static int ClosedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
