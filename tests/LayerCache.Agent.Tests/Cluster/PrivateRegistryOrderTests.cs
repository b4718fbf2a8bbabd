using System.Text;
using LayerCache.Agent.Tests.Support;
using LayerCache.Cluster;
using LayerCache.Testing.Logging;
using LayerCache.Testing.Registry;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;
using static LayerCache.Agent.Tests.Cluster.OrderRuns;

namespace LayerCache.Agent.Tests.Cluster;

/// <summary>
/// Orders for images on a registry that demands a bearer token, with the credentials in a dockerconfigjson Secret mounted and
/// updated as the kubelet does it: CRI pulls carry them, the agent's own blob fetches use them, and nothing the agent logs or
/// exports carries them.
/// </summary>
public sealed class PrivateRegistryOrderTests(TokenAuthClusterEnvironment environment) : IClassFixture<TokenAuthClusterEnvironment>, IAsyncLifetime
{
    private const string WrongPassword = "not-the-pull-password";

    private readonly ClusterStoreOptions _store = new();
    private readonly MountedSecret _secret = new();
    private readonly LogCapture _logs = new();
    private ConnectionMultiplexer _redis = null!;
    private OrderQueue _queue = null!;

    public async Task InitializeAsync()
    {
        _redis = await environment.ConnectAsync();
        _queue = new OrderQueue(_redis, _store);
    }

    public async Task DisposeAsync()
    {
        await _redis.DisposeAsync();
        _secret.Dispose();
    }

    [Fact]
    public async Task PrefetchImage_WithTheMountedSecret_PullsThroughCri()
    {
        const string node = "private-image";
        var (reference, image) = await environment.PushAsync("private/image:v1", environment.Layers(60_000, 30_000));
        _secret.Update(Secret(TokenAuthRegistryFixture.Password));
        await using var agent = await StartAsync(node);
        using var client = environment.Client();

        var outcome = await RunAsync(_queue, ImageOrder("private-image-1", node, reference));

        Assert.True(outcome.Succeeded, outcome.Error);
        Assert.Equal(image.Layers.Sum(l => l.SizeBytes), outcome.Bytes);
        Assert.NotNull(await client.ImageStatusAsync(reference, CancellationToken.None));
        AssertNoCredentialIn(agent, outcome);
        await client.RemoveImageAsync(reference, CancellationToken.None);
    }

    [Fact]
    public async Task PrefetchImage_WithoutCredentials_FailsSayingSo_AndIsCounted()
    {
        const string node = "private-image-denied";
        var (reference, _) = await environment.PushAsync("private/denied:v1", environment.Layers(20_000));
        await using var agent = await StartAsync(node);

        var outcome = await RunAsync(_queue, ImageOrder("private-denied-1", node, reference));

        Assert.False(outcome.Succeeded);
        Assert.Contains($"CRI pull of {reference} without credentials (none for {environment.Registry.Host} in the registry credentials file) failed", outcome.Error, StringComparison.Ordinal);
        Assert.Contains("401 Unauthorized", outcome.Error, StringComparison.Ordinal);
        Assert.Equal(1, ClusterAssert.Metric(agent, "layercache_orders_failed_total{kind=\"prefetch_image\"}"));
        Assert.Equal(1, ClusterAssert.Metric(agent, "layercache_prefetch_failures_total{kind=\"image\"}"));
        Assert.Equal(1, ClusterAssert.Metric(agent, "layercache_registry_errors_total{kind=\"auth\"}"));
        Assert.Equal(1, _logs.Count(LogLevel.Warning, $"Agent:RegistryCredentialsFile {_secret.FilePath} does not exist (yet)"));
    }

    [Fact]
    public async Task PrefetchLayers_WithTheMountedSecret_FetchesThroughTheAgentsOwnClient()
    {
        const string node = "private-layers";
        var (reference, image) = await environment.PushAsync("private/layers:v1", environment.Layers(70_000, 10_000));
        _secret.Update(Secret(TokenAuthRegistryFixture.Password));
        await using var agent = await StartAsync(node);
        using var client = environment.Client();
        var tokensBefore = environment.TokenRegistry.TokenServer.TokensIssued;

        var outcome = await RunAsync(_queue, LayersOrder("private-layers-1", node, reference, image.Layers));

        Assert.True(outcome.Succeeded, outcome.Error);
        Assert.Equal(image.Layers.Sum(l => l.SizeBytes), outcome.Bytes);
        Assert.All(image.Layers, l => Assert.Single(
            environment.Registry.Proxy.Requests,
            r => r.Status == 200 && r.PathAndQuery.EndsWith(l.Digest.Value, StringComparison.Ordinal) && r.Authorization?.StartsWith("Bearer ", StringComparison.Ordinal) == true));
        Assert.NotNull(await client.ContentInfoAsync(image.Layers[0].Digest, CancellationToken.None));
        Assert.True(environment.TokenRegistry.TokenServer.TokensIssued > tokensBefore);
        AssertNoCredentialIn(agent, outcome);
    }

    [Fact]
    public async Task SecretUpdatedWhileRunning_TheNextOrderUsesTheNewCredentials()
    {
        const string node = "private-rotated";
        var (reference, image) = await environment.PushAsync("private/rotated:v1", environment.Layers(40_000));
        _secret.Update(Secret(WrongPassword));
        await using var agent = await StartAsync(node);
        var order = LayersOrder("private-rotated-1", node, reference, image.Layers);

        var refused = await RunAsync(_queue, order);
        _secret.Update(Secret(TokenAuthRegistryFixture.Password));
        var fetched = await RunAsync(_queue, order with { Id = "private-rotated-2" });

        Assert.False(refused.Succeeded);
        Assert.Contains("refused the credentials of 'layercache'", refused.Error, StringComparison.Ordinal);
        Assert.True(fetched.Succeeded, fetched.Error);
        Assert.Equal(2, _logs.Count(LogLevel.Information, $"Registry credentials from {_secret.FilePath}: 1 registries ({environment.Registry.Host})"));
        AssertNoCredentialIn(agent, refused, fetched);
    }

    [Fact]
    public async Task MalformedSecret_IsLoggedAndCounted_WithoutItsContent()
    {
        const string node = "private-malformed";
        var secret = Secret(TokenAuthRegistryFixture.Password);
        _secret.Update(secret.Replace("\"auth\":\"", "\"auth\":\"!!", StringComparison.Ordinal));
        await using var agent = await StartAsync(node);

        Assert.Equal(1, ClusterAssert.Metric(agent, "layercache_registry_config_errors_total{file=\"credentials\"}"));
        var warning = Assert.Single(_logs.Entries, e => e.Level == LogLevel.Warning && e.Message.StartsWith(_secret.FilePath, StringComparison.Ordinal));
        Assert.Contains($"the 'auth' of 'http://{environment.Registry.Host}' is not base64 of user:password", warning.Message, StringComparison.Ordinal);
        AssertNoCredentialIn(agent);
    }

    /// <summary>A dockerconfigjson for this registry, keyed as <c>kubectl create secret docker-registry --docker-server=http://host:port</c> writes it.</summary>
    private string Secret(string password) =>
        MountedSecret.DockerConfigJson($"http://{environment.Registry.Host}", TokenAuthRegistryFixture.Username, password);

    private Task<AgentHost> StartAsync(string node)
    {
        var settings = environment.AgentSettings(node);
        settings["Agent:RegistryCredentialsFile"] = _secret.FilePath;

        // The token server, like the registry, is on plain HTTP on loopback; the registry is plain HTTP through its hosts.toml.
        settings["Agent:PlainHttpRegistries:0"] = environment.TokenRegistry.TokenServer.Realm.Authority;
        return AgentHost.StartAsync(environment, settings, _logs);
    }

    private void AssertNoCredentialIn(AgentHost agent, params OrderOutcome[] outcomes)
    {
        var said = string.Join('\n', _logs.Entries.Select(e => e.Message).Concat(outcomes.Select(o => o.Error ?? string.Empty)).Append(agent.Metrics.Render()));
        foreach (var password in new[] { TokenAuthRegistryFixture.Password, WrongPassword })
        {
            Assert.DoesNotContain(password, said, StringComparison.Ordinal);
            Assert.DoesNotContain(Convert.ToBase64String(Encoding.UTF8.GetBytes($"{TokenAuthRegistryFixture.Username}:{password}")), said, StringComparison.Ordinal);
        }
    }
}
