using LayerCache.Agent.Tests.Support;
using LayerCache.Testing.Logging;
using LayerCache.Testing.Registry;
using Microsoft.Extensions.Logging;

namespace LayerCache.Agent.Tests;

/// <summary>
/// The agent's own blob fetches reach registries as containerd's certs.d says, the directory the node's containerd reads:
/// a mirror is a second proxy in front of the same registry process, counting its own requests.
/// </summary>
public sealed class RegistryHostsTests(NodeEnvironment environment) : IClassFixture<NodeEnvironment>, IAsyncLifetime
{
    private readonly RegistryProxy _mirror = new(environment.Registry.Registry.BaseUri);
    private readonly LogCapture _logs = new();
    private string _original = "";

    private string HostsFile => Path.Combine(environment.Containerd.CertsDirectory, environment.Registry.Host, "hosts.toml");

    public async Task InitializeAsync()
    {
        await _mirror.StartAsync();
        _original = await File.ReadAllTextAsync(HostsFile);
    }

    /// <summary>Puts back the hosts.toml the environment's containerd pulls with.</summary>
    public async Task DisposeAsync()
    {
        await File.WriteAllTextAsync(HostsFile, _original);
        await _mirror.DisposeAsync();
    }

    [Fact]
    public async Task PrefetchLayers_MirrorInHostsToml_FetchesEveryLayerFromTheMirror()
    {
        var (reference, image) = await environment.PushAsync("mirrored/app:v1", environment.Layers(80_000, 40_000));
        await WriteHostsAsync($"[host.\"{_mirror.Url}\"]\n  capabilities = [\"pull\", \"resolve\"]\n");
        await using var agent = await AgentHost.StartAsync(environment, logs: _logs);

        var report = await agent.Prefetcher.PrefetchLayersAsync(reference, CancellationToken.None);

        Assert.Equal(image.Layers.Sum(l => l.SizeBytes), report.FetchedBytes);
        Assert.All(image.Layers, l => Assert.Equal(1, _mirror.BlobGets(l.Digest)));
        Assert.All(image.Layers, l => Assert.Equal(0, environment.Registry.BlobGets(l.Digest)));
        using var client = environment.Client();
        Assert.NotNull(await client.ContentInfoAsync(image.Layers[1].Digest, CancellationToken.None));
    }

    [Fact]
    public async Task PrefetchLayers_MirrorDown_TheRegistryServes_AndTheFallbackIsLoggedAndCounted()
    {
        var (reference, image) = await environment.PushAsync("mirrored/down:v1", environment.Layers(30_000));
        var down = $"http://127.0.0.1:{FreePort.Find()}";
        await WriteHostsAsync($"[host.\"{down}\"]\n");
        await using var agent = await AgentHost.StartAsync(environment, logs: _logs);

        await agent.Prefetcher.PrefetchLayersAsync(reference, CancellationToken.None);

        Assert.Equal(1, environment.Registry.BlobGets(image.Layers[0].Digest));
        Assert.True(Cluster.ClusterAssert.Metric(agent, "layercache_registry_fallbacks_total") >= 2, "the manifest and the blob each fell back");
        Assert.True(_logs.Count(LogLevel.Warning, $"Registry host {down} (mirror of {environment.Registry.Host}) failed, trying the next") >= 2);
    }

    [Fact]
    public async Task MalformedHostsToml_IsLoggedWithItsLineAndCounted_AndTheRegistryIsReachedDirectly()
    {
        var (reference, image) = await environment.PushAsync("mirrored/malformed:v1", environment.Layers(30_000));
        await WriteHostsAsync($"[host.\"{_mirror.Url}\"]\n  capabilities = [\"pull\", \"resolve\"\n");
        await using var agent = await AgentHost.StartAsync(environment, logs: _logs);

        await agent.Prefetcher.PrefetchLayersAsync(reference, CancellationToken.None);

        Assert.Equal(1, environment.Registry.BlobGets(image.Layers[0].Digest));
        Assert.Equal(0, _mirror.BlobGets(image.Layers[0].Digest));
        Assert.Equal(1, Cluster.ClusterAssert.Metric(agent, "layercache_registry_config_errors_total{file=\"hosts\"}"));
        Assert.Equal(1, _logs.Count(LogLevel.Warning, $"{HostsFile} is not valid: line 4: an array opened on this line is not closed"));
    }

    private Task WriteHostsAsync(string hosts) =>
        File.WriteAllTextAsync(HostsFile, $"server = \"http://{environment.Registry.Host}\"\n\n{hosts}");
}
