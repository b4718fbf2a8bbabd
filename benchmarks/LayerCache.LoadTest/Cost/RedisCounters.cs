using System.Globalization;
using StackExchange.Redis;

namespace LayerCache.LoadTest.Cost;

/// <summary>Redis's own running totals: <c>INFO stats</c> bytes in and out and commands, and <c>INFO cpu</c> seconds.</summary>
public sealed record RedisCounters(long InputBytes, long OutputBytes, long Commands, double CpuSeconds)
{
    public static async Task<RedisCounters> ReadAsync(IConnectionMultiplexer redis)
    {
        var server = redis.GetServer(redis.GetEndPoints()[0]);
        var stats = await server.InfoAsync("stats").ConfigureAwait(false);
        var cpu = await server.InfoAsync("cpu").ConfigureAwait(false);
        var info = stats.Concat(cpu).SelectMany(g => g).ToDictionary(p => p.Key, p => p.Value);
        long Long(string name) => long.Parse(info[name], CultureInfo.InvariantCulture);
        double Double(string name) => double.Parse(info[name], CultureInfo.InvariantCulture);
        return new RedisCounters(
            Long("total_net_input_bytes"), Long("total_net_output_bytes"), Long("total_commands_processed"),
            Double("used_cpu_user") + Double("used_cpu_sys"));
    }

    public static RedisCounters operator -(RedisCounters end, RedisCounters start) => new(
        end.InputBytes - start.InputBytes, end.OutputBytes - start.OutputBytes, end.Commands - start.Commands, end.CpuSeconds - start.CpuSeconds);
}
