using System.Globalization;
using LayerCache.Testing.Processes;
using LayerCache.Testing.Registry;
using LayerCache.Testing.Waiting;
using StackExchange.Redis;
using Xunit;

namespace LayerCache.Testing.Redis;

/// <summary>
/// A real Redis Cluster of three masters (and no replicas, unless a subclass asks for them): <c>redis-server</c>
/// processes on 127.0.0.1 with free ports (and free cluster-bus ports), no persistence, in a temp folder, joined by
/// <c>redis-cli --cluster create</c> into an even split of the 16384 slots. Ready once every node reports
/// <c>cluster_state:ok</c>.
/// </summary>
public class RedisClusterFixture : IAsyncLifetime, IRedisFixture
{
    public const string Cli = "redis-cli";

    public const int Masters = 3;

    private static readonly TimeSpan FormTimeout = TimeSpan.FromSeconds(60);

    private readonly List<RedisServerProcess> _servers = [];

    private readonly int _replicasPerMaster;

    public RedisClusterFixture()
        : this(replicasPerMaster: 0)
    {
    }

    protected RedisClusterFixture(int replicasPerMaster)
    {
        _replicasPerMaster = replicasPerMaster;
        Directory = Path.Combine(Path.GetTempPath(), "layercache-redis-cluster-" + Guid.NewGuid().ToString("N")[..12]);
    }

    public string Directory { get; }

    public IReadOnlyList<string> Endpoints => [.. _servers.Select(s => s.Endpoint)];

    /// <summary>Every node, comma-separated, as an operator would name a cluster (the client would find the rest from one).</summary>
    public string Configuration => string.Join(',', Endpoints);

    /// <summary>Every node's output, for failure messages.</summary>
    public string Log => string.Join("\n", _servers.Select(s => $"--- {s.Endpoint}\n{s.Log}"));

    public ConfigurationOptions CreateOptions() => RedisClientOptions.Create(Endpoints);

    public async Task<ConnectionMultiplexer> ConnectAsync(ConfigurationOptions? options = null) =>
        await ConnectionMultiplexer.ConnectAsync(options ?? CreateOptions()).ConfigureAwait(false);

    public async Task InitializeAsync()
    {
        for (var i = 0; i < Masters * (1 + _replicasPerMaster); i++)
        {
            // The bus port defaults to the port + 10000, which may be taken or past 65535: give it a free one.
            _servers.Add(await RedisServerProcess.StartOnFreePortAsync(
                Path.Combine(Directory, "node" + i),
                () =>
                [
                    "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
                    "--cluster-port", FreePort.Find().ToString(CultureInfo.InvariantCulture), "--cluster-node-timeout", "5000",

                    // A replica that has not synced refuses to take over; sync at once rather than after five seconds.
                    "--repl-diskless-sync-delay", "0",
                ]).ConfigureAwait(false));
        }

        await Command.SucceedAsync(
            Cli, ["--cluster", "create", .. Endpoints, "--cluster-replicas", _replicasPerMaster.ToString(CultureInfo.InvariantCulture), "--cluster-yes"], FormTimeout).ConfigureAwait(false);
        await WaitUntilFormedAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// Kills every node and starts it again on the same ports: the data is gone, but each node reads its slots and
    /// peers back from its cluster config file, as a cluster restarted without persistence does.
    /// </summary>
    public async Task RestartAsync()
    {
        foreach (var server in _servers)
        {
            await server.StopAsync().ConfigureAwait(false);
        }

        foreach (var server in _servers)
        {
            await server.StartAsync(server.StartArguments).ConfigureAwait(false);
        }

        await WaitUntilFormedAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// Kills the master that serves <paramref name="slot"/> and waits until its replica has taken over: every node
    /// still running reports the cluster ok and sees the slot on a running master. Returns "OLD -> NEW".
    /// </summary>
    public async Task<string> KillMasterAsync(int slot)
    {
        var options = CreateOptions();
        options.AllowAdmin = true;
        using var admin = await ConnectAsync(options).ConfigureAwait(false);
        var master = await SlotMove.OwnerAsync(admin, _servers[0].Endpoint, slot).ConfigureAwait(false);
        await _servers.Single(s => s.Endpoint == master).StopAsync().ConfigureAwait(false);
        var running = _servers.Where(s => s.IsRunning).Select(s => s.Endpoint).ToList();
        var owner = master;
        await Until.HoldsAsync(
            async () =>
            {
                owner = await SlotMove.OwnerAsync(admin, running[0], slot).ConfigureAwait(false);
                return running.Contains(owner);
            },
            FormTimeout,
            $"a replica of {master} taking over slot {slot}").ConfigureAwait(false);
        await WaitUntilFormedAsync().ConfigureAwait(false);
        return $"{master} -> {owner}";
    }

    /// <summary>
    /// Waits until every running node reports the cluster ok, knows every node and sees every slot served, and every
    /// replica is in sync with its master.
    /// </summary>
    public async Task WaitUntilFormedAsync()
    {
        var options = CreateOptions();
        options.AllowAdmin = true;
        using var admin = await ConnectAsync(options).ConfigureAwait(false);
        var last = "";
        try
        {
            await Until.HoldsAsync(
                async () =>
                {
                    foreach (var endpoint in _servers.Where(s => s.IsRunning).Select(s => s.Endpoint))
                    {
                        last = $"{endpoint}: {await InfoAsync(admin, endpoint).ConfigureAwait(false)}";
                        if (!last.Contains("cluster_state:ok", StringComparison.Ordinal)
                            || (last.Contains("role:slave", StringComparison.Ordinal) && !last.Contains("master_link_status:up", StringComparison.Ordinal))
                            || !last.Contains($"cluster_known_nodes:{_servers.Count}", StringComparison.Ordinal)
                            || !last.Contains("cluster_slots_ok:16384", StringComparison.Ordinal))
                        {
                            return false;
                        }
                    }

                    return true;
                },
                FormTimeout,
                "every node of the Redis Cluster reporting cluster_state:ok").ConfigureAwait(false);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}; last seen {last}\n{Log}", e);
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var server in _servers)
        {
            await server.StopAsync().ConfigureAwait(false);
        }

        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }

    // CLUSTER INFO and the replication section of INFO.
    private static async Task<string> InfoAsync(ConnectionMultiplexer admin, string endpoint)
    {
        try
        {
            var server = admin.GetServer(endpoint);
            var cluster = (string?)await server.ExecuteAsync("CLUSTER", "INFO").ConfigureAwait(false);
            return cluster + await server.InfoRawAsync("replication").ConfigureAwait(false);
        }
        catch (RedisException e)
        {
            return e.Message;
        }
    }
}
