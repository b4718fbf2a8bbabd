using LayerCache.Agent.Tests.Support;
using LayerCache.Registry;
using LayerCache.Testing.Registry;

namespace LayerCache.Agent.Tests;

/// <summary>Prefetch from a registry that demands a bearer token, with credentials from a docker config.json.</summary>
public sealed class TokenAuthTests(TokenAuthClusterEnvironment environment) : IClassFixture<TokenAuthClusterEnvironment>, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("layercache-auth-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>The token server, like the registry, listens on plain HTTP on loopback.</summary>
    private Dictionary<string, string?> Settings(string dockerConfig) => new()
    {
        ["Agent:RegistryCredentialsFile"] = dockerConfig,
        ["Agent:PlainHttpRegistries:1"] = environment.TokenRegistry.TokenServer.Realm.Authority,
    };

    [Fact]
    public async Task PrefetchLayers_CredentialsInDockerConfig_FetchesThroughTheTokenFlow()
    {
        var (reference, image) = await environment.PushAsync("auth/app:v1", environment.Layers(100_000));
        var config = environment.TokenRegistry.WriteDockerConfig(_directory, TokenAuthRegistryFixture.Username, TokenAuthRegistryFixture.Password);
        await using var agent = await AgentHost.StartAsync(environment, Settings(config));

        var report = await agent.Prefetcher.PrefetchLayersAsync(reference, CancellationToken.None);

        Assert.Equal(image.Layers[0].SizeBytes, report.FetchedBytes);
        using var client = environment.Client();
        Assert.NotNull(await client.ContentInfoAsync(image.Layers[0].Digest, CancellationToken.None));
    }

    [Fact]
    public async Task PrefetchLayers_WrongPassword_FailsWithAuthErrorCounted()
    {
        var (reference, _) = await environment.PushAsync("auth/denied:v1", environment.Layers(50_000));
        var config = environment.TokenRegistry.WriteDockerConfig(_directory, TokenAuthRegistryFixture.Username, "wrong");
        await using var agent = await AgentHost.StartAsync(environment, Settings(config));

        await Assert.ThrowsAsync<RegistryAuthenticationException>(() => agent.Prefetcher.PrefetchLayersAsync(reference, CancellationToken.None));

        Assert.Contains("layercache_registry_errors_total{kind=\"auth\"} 1\n", agent.Metrics.Render(), StringComparison.Ordinal);
    }
}
