using System.Globalization;
using StackExchange.Redis;

namespace LayerCache.Testing.Redis;

/// <summary>
/// Moves one hash slot of a Redis Cluster from the master that serves it to another, key by key, the way a reshard
/// does (https://redis.io/docs/latest/commands/cluster-setslot/): the target IMPORTING, the source MIGRATING, a
/// MIGRATE per key, then every master told the new owner. A test runs <c>step</c> between the stages to act while the
/// slot is half moved.
/// </summary>
public static class SlotMove
{
    private const int MigrateTimeoutMs = 10_000;

    /// <summary>Moves <paramref name="slot"/>; returns "SOURCE -> TARGET" (endpoints) and how many keys moved.</summary>
    public static async Task<(string Route, int Keys)> RunAsync(RedisClusterFixture cluster, int slot, Func<Task> step)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(step);
        var options = cluster.CreateOptions();
        options.AllowAdmin = true;
        options.AsyncTimeout = MigrateTimeoutMs * 2;
        using var admin = await cluster.ConnectAsync(options).ConfigureAwait(false);
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var endpoint in cluster.Endpoints)
        {
            ids[endpoint] = (string)(await Server(admin, endpoint).ExecuteAsync("CLUSTER", "MYID").ConfigureAwait(false))!;
        }

        var source = await OwnerAsync(admin, cluster.Endpoints[0], slot).ConfigureAwait(false);
        var target = cluster.Endpoints.First(e => e != source && !admin.GetServer(e).IsReplica);
        var targetPort = target[(target.LastIndexOf(':') + 1)..];

        await Server(admin, target).ExecuteAsync("CLUSTER", "SETSLOT", slot, "IMPORTING", ids[source]).ConfigureAwait(false);
        await step().ConfigureAwait(false);
        await Server(admin, source).ExecuteAsync("CLUSTER", "SETSLOT", slot, "MIGRATING", ids[target]).ConfigureAwait(false);
        await step().ConfigureAwait(false);

        // New keys of a migrating slot are created on the target (ASK), so the source runs out of keys.
        var moved = 0;
        while (true)
        {
            var keys = (RedisValue[])(await Server(admin, source).ExecuteAsync("CLUSTER", "GETKEYSINSLOT", slot, 1).ConfigureAwait(false))!;
            if (keys.Length == 0)
            {
                break;
            }

            await Server(admin, source).ExecuteAsync("MIGRATE", "127.0.0.1", targetPort, "", 0, MigrateTimeoutMs, "KEYS", keys[0])
                .ConfigureAwait(false);
            moved++;
            await step().ConfigureAwait(false);
        }

        // The target first, so that a client the source redirects finds the slot served.
        foreach (var endpoint in cluster.Endpoints.OrderBy(e => e == target ? 0 : e == source ? 1 : 2))
        {
            await Server(admin, endpoint).ExecuteAsync("CLUSTER", "SETSLOT", slot, "NODE", ids[target]).ConfigureAwait(false);
        }

        await step().ConfigureAwait(false);
        foreach (var endpoint in cluster.Endpoints)
        {
            var owner = await OwnerAsync(admin, endpoint, slot).ConfigureAwait(false);
            if (owner != target)
            {
                throw new InvalidOperationException($"{endpoint} sees slot {slot} on {owner}, not {target}.");
            }
        }

        return ($"{source} -> {target}", moved);
    }

    /// <summary>The endpoint of the master that serves <paramref name="slot"/>, as <paramref name="asked"/> sees it.</summary>
    public static async Task<string> OwnerAsync(ConnectionMultiplexer admin, string asked, int slot)
    {
        ArgumentNullException.ThrowIfNull(admin);
        var nodes = (string)(await Server(admin, asked).ExecuteAsync("CLUSTER", "NODES").ConfigureAwait(false))!;

        // Over RESP3 the reply is a verbatim string, which keeps its "txt:" format prefix.
        nodes = nodes.StartsWith("txt:", StringComparison.Ordinal) ? nodes[4..] : nodes;

        // <id> <ip:port@bus> <flags> <master> <ping> <pong> <epoch> <link> <slot or range>...
        foreach (var fields in nodes.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Split(' ')))
        {
            if (fields.Skip(8).Any(range => Covers(range, slot)))
            {
                return fields[1][..fields[1].IndexOf('@', StringComparison.Ordinal)];
            }
        }

        throw new InvalidOperationException($"No master serves slot {slot}:\n{nodes}");
    }

    private static bool Covers(string range, int slot)
    {
        if (range.StartsWith('['))
        {
            return false; // an import or migration in progress, not ownership
        }

        var dash = range.IndexOf('-', StringComparison.Ordinal);
        var first = int.Parse(dash < 0 ? range : range[..dash], CultureInfo.InvariantCulture);
        var last = dash < 0 ? first : int.Parse(range[(dash + 1)..], CultureInfo.InvariantCulture);
        return slot >= first && slot <= last;
    }

    private static IServer Server(ConnectionMultiplexer admin, string endpoint) => admin.GetServer(endpoint);
}
