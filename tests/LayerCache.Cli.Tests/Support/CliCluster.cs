using LayerCache.Cluster;
using LayerCache.Coordinator.Tests.Support;
using LayerCache.Core.Model;
using LayerCache.Integration.Tests.Support;
using LayerCache.Testing.Redis;
using StackExchange.Redis;
using static LayerCache.Coordinator.Tests.Support.Layers;

namespace LayerCache.Cli.Tests.Support;

/// <summary>
/// A coordinator on real Redis that wants an API token, with two nodes reporting through the agent's publisher:
/// cli-a holds acme/shop:3 whole, cli-b only its base layer. <see cref="Environment"/> points layercache at it.
/// </summary>
public sealed class CliCluster : IAsyncLifetime
{
    public static readonly ContainerImage Shop = Image("docker.io/acme/shop:3", Of("cli-base", 20 * MB), Of("cli-app", 4 * MB));

    private readonly string _directory = Directory.CreateTempSubdirectory("layercache-cli-").FullName;
    private ConnectionMultiplexer _redisClient = null!;
    private SyntheticNode _a = null!;
    private SyntheticNode _b = null!;

    public RedisFixture Redis { get; } = new();

    public CoordinatorHost Coordinator { get; private set; } = null!;

    public string TokenFile => Path.Combine(_directory, "token");

    /// <summary>LAYERCACHE_COORDINATOR and LAYERCACHE_TOKEN_FILE for this coordinator.</summary>
    public Dictionary<string, string> Environment => new()
    {
        ["LAYERCACHE_COORDINATOR"] = Coordinator.Address.ToString(),
        ["LAYERCACHE_TOKEN_FILE"] = TokenFile,
    };

    public async Task InitializeAsync()
    {
        await Redis.InitializeAsync();
        await File.WriteAllTextAsync(TokenFile, "cli-test-token\n");
        _redisClient = await Redis.ConnectAsync();
        var store = new ClusterStoreOptions();
        _a = new SyntheticNode(_redisClient, store, "cli-a", 100e6);
        _b = new SyntheticNode(_redisClient, store, "cli-b", 50e6);
        await _a.HoldAsync(Shop);
        await _b.HoldAsync(Image("docker.io/acme/base:1", Shop.Layers[0]));
        _a.StartHeartbeats();
        _b.StartHeartbeats();
        Coordinator = await Replicas.StartAsync(TestSettings.Coordinator(Redis.Endpoint).With(
            ("Planner:Enabled", "false"), ("Coordinator:ApiTokenFile", TokenFile)));
        await Replicas.WaitForNodesAsync(Coordinator, "cli-a", "cli-b");
    }

    public async Task DisposeAsync()
    {
        await Coordinator.DisposeAsync();
        await _a.DisposeAsync();
        await _b.DisposeAsync();
        await _redisClient.DisposeAsync();
        await Redis.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
