using LayerCache.Agent.Tests.Support;
using LayerCache.Cluster;
using LayerCache.Core.Model;
using LayerCache.Integration.Tests.Support;
using LayerCache.Testing;
using LayerCache.Testing.Redis;
using StackExchange.Redis;

namespace LayerCache.Integration.Tests.Nodes;

/// <summary>
/// The Redis ACL users of deploy/redis/acl/users.acl, loaded as written into a real Redis: an agent and a coordinator
/// that each log in as their role run the whole loop (inventory, hints, popularity, a planned order and its outcome),
/// and the agent's user cannot touch what is not its role's.
/// </summary>
/// <remarks>Runs against one Redis server and against a Redis Cluster (every master given the users): the nested classes.</remarks>
public abstract class RedisAclTests(NodeEnvironment environment, IRedisFixture redisFixture) : IAsyncLifetime
{
    private const string AgentPassword = "agent-pass-for-the-test";
    private const string CoordinatorPassword = "coordinator-pass-for-the-test";

    public sealed class OnRedis(ClusterNodeEnvironment environment)
        : RedisAclTests(environment, environment.Redis), IClassFixture<ClusterNodeEnvironment>
    {
        [Fact]
        public async Task TheFile_LoadsAsRedisLoadsAnAclFile()
        {
            var directory = Directory.CreateTempSubdirectory("layercache-acl-").FullName;
            try
            {
                var file = Path.Combine(directory, "users.acl");
                File.WriteAllLines(file, Users().Select(u => $"user {u.User} {string.Join(' ', u.Rules)}"));
                var start = new System.Diagnostics.ProcessStartInfo(RedisFixture.Executable)
                {
                    ArgumentList = { "--port", "0", "--unixsocket", Path.Combine(directory, "redis.sock"), "--aclfile", file, "--save", "", "--dir", directory },
                    RedirectStandardOutput = true,
                };
                using var server = System.Diagnostics.Process.Start(start)!;
                using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(60));
                string? line;
                var said = new List<string>();
                while ((line = await server.StandardOutput.ReadLineAsync(wait.Token)) is not null && !line.Contains("ready to accept connections", StringComparison.Ordinal))
                {
                    said.Add(line);
                }

                server.Kill();
                Assert.True(line is not null, "redis-server refused the file:\n" + string.Join('\n', said));
            }
            finally
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    public sealed class OnRedisCluster(RedisClusterNodeEnvironment environment)
        : RedisAclTests(environment, environment.Redis), IClassFixture<RedisClusterNodeEnvironment>;

    public async Task InitializeAsync()
    {
        await ClusterRun.FlushAsync(redisFixture);
        using var admin = await redisFixture.ConnectAsync();
        foreach (var (user, rules) in Users())
        {
            await EveryServerAsync(admin, "ACL", ["SETUSER", user, .. rules]);
        }
    }

    public async Task DisposeAsync()
    {
        using var admin = await redisFixture.ConnectAsync();
        foreach (var (user, _) in Users())
        {
            await EveryServerAsync(admin, "ACL", ["DELUSER", user]);
        }
    }

    [Fact]
    public async Task EachRoleWithItsOwnUser_ThePlannedOrderReachesTheNode_TheAgentCannotWriteTheCoordinatorsKeys()
    {
        const string lacking = "acl-node";
        const string holding = "acl-holder";
        var (reference, image) = await environment.PushAsync("acl/popular:v1", environment.Layers(90_000, 40_000));
        using var admin = await redisFixture.ConnectAsync();
        var store = new ClusterStoreOptions();
        await using var holder = new SyntheticNode(admin, store, holding, 100e6);
        await holder.HoldAsync(new ContainerImage(reference, image.Layers, image.ManifestDigest));
        holder.StartHeartbeats();
        var agentSettings = ClusterRun.AgentSettings(redisFixture, lacking);
        agentSettings["Agent:Redis"] = $"{redisFixture.Configuration},user=lc-agent,password={AgentPassword}";
        await using var agent = await AgentHost.StartAsync(environment, agentSettings);
        var settings = TestSettings.Coordinator($"{redisFixture.Configuration},user=lc-coordinator,password={CoordinatorPassword}", plainHttpRegistry: environment.Registry.Host).With(
            ("Planner:MinLayerRequests", "1"), ("Planner:MinRequestsPerReplica", "1"));
        await using var coordinator = await Replicas.StartAsync(settings);
        await Replicas.WaitForNodesAsync(coordinator, lacking, holding);

        // The agent's own image goes to Redis by manifest digest: its user writes the manifest catalog too.
        var (own, ownImage) = await environment.PushAsync("acl/own:v1", environment.Layers(30_000));
        using (var client = environment.Client())
        {
            await client.PullImageAsync(own);
        }

        await Poll.ForAsync(
            () => HintsApi.GetAsync(coordinator.Http, own, lacking)!,
            h => h.Resolved && h.Node(lacking)?.PresentBytes == ClusterRun.Bytes(ownImage),
            TimeSpan.FromSeconds(30),
            "the image pulled on the agent's node did not reach the coordinator's hints");

        for (var pod = 0; pod < 4; pod++)
        {
            await HintsApi.PrioritizeAsync(coordinator.Http, $"acl-pod-{pod}", [reference], [holding, lacking]);
        }

        var outcome = await Poll.ForAsync(
            async () => (await new OrderQueue(admin, store).ReadOutcomesAsync("0", 100, CancellationToken.None)).Outcomes.FirstOrDefault(o => o.Node == lacking),
            _ => true,
            TimeSpan.FromSeconds(30),
            "no outcome of a planned order");
        Assert.True(outcome.Succeeded, outcome.Error);
        Assert.True(await Scrape.MetricAsync(coordinator.Http, "layercache_planner_leader") == 1);
        Assert.Equal(0, await Scrape.MetricAsync(coordinator.Http, "layercache_redis_errors_total{operation=\"planner\"}"));
        Assert.True(agent.Link.IsConnected);

        // Nothing either role did was refused, but the client library's own probes at connect (tolerated by it). It
        // may read the cluster's slots (CLUSTER NODES, SLOTS): without them a client cannot follow a Redis Cluster.
        string[] probes = ["__Booksleeve_TieBreak", "config|get"];
        var refusedSoFar = await DeniedAsync(admin, redisFixture.Endpoints);
        Assert.All(refusedSoFar, denied => Assert.Contains(denied, probes));

        var asAgent = redisFixture.CreateOptions();
        asAgent.User = "lc-agent";
        asAgent.Password = AgentPassword;
        asAgent.AllowAdmin = true;
        using var agentUser = await redisFixture.ConnectAsync(asAgent);
        var db = agentUser.GetDatabase();
        foreach (var key in new[] { "lc:image:docker.io/evil/app:1", "lc:{planner}:leader", "lc:unrelated" })
        {
            var refused = await Assert.ThrowsAsync<RedisServerException>(() => db.StringSetAsync(key, "x"));
            Assert.StartsWith("NOPERM", refused.Message, StringComparison.Ordinal);
        }

        await Assert.ThrowsAsync<RedisServerException>(() => db.ExecuteAsync("FLUSHALL"));
        await Assert.ThrowsAsync<RedisServerException>(() => db.ExecuteAsync("CONFIG", "SET", "dir", "/tmp"));
    }

    private static async Task EveryServerAsync(IConnectionMultiplexer admin, string command, object[] arguments)
    {
        foreach (var server in admin.GetServers())
        {
            await server.ExecuteAsync(command, arguments);
        }
    }

    /// <summary>The commands and keys every server refused since it started, from its ACL LOG.</summary>
    private static async Task<List<string>> DeniedAsync(IConnectionMultiplexer admin, IEnumerable<string> endpoints)
    {
        var denied = new List<string>();
        var entries = new List<RedisResult>();
        foreach (var endpoint in endpoints)
        {
            entries.AddRange((RedisResult[])(await admin.GetServer(endpoint).ExecuteAsync("ACL", "LOG", "128"))!);
        }

        foreach (var entry in entries)
        {
            var fields = (RedisResult[])entry!;
            for (var i = 0; i + 1 < fields.Length; i += 2)
            {
                if ((string?)fields[i] == "object")
                {
                    denied.Add((string)fields[i + 1]!);
                }
            }
        }

        return denied;
    }

    /// <summary>Each user line of the shipped file, with the test's passwords.</summary>
    private static IEnumerable<(string User, object[] Rules)> Users()
    {
        var path = Path.Combine(RepositoryRoot.Path, "deploy", "redis", "acl", "users.acl");
        foreach (var line in File.ReadLines(path).Where(l => l.StartsWith("user ", StringComparison.Ordinal)))
        {
            var words = line.Replace("AGENT_PASSWORD", AgentPassword, StringComparison.Ordinal)
                .Replace("COORDINATOR_PASSWORD", CoordinatorPassword, StringComparison.Ordinal)
                .Split(' ', StringSplitOptions.RemoveEmptyEntries);
            yield return (words[1], [.. words.Skip(2)]);
        }
    }
}
