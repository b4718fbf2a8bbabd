using System.Diagnostics;
using StackExchange.Redis;

namespace LayerCache.Agent.Tests.Cluster;

/// <summary>Polls Redis (or anything async) until a condition holds; a Redis that is still coming back counts as "not yet".</summary>
internal static class Eventually
{
    public static async Task<T> GetAsync<T>(Func<Task<T?>> read, TimeSpan timeout, string what)
        where T : class
    {
        var started = Stopwatch.StartNew();
        string? lastError = null;
        while (true)
        {
            try
            {
                if (await read() is { } value)
                {
                    return value;
                }
            }
            catch (Exception e) when (e is RedisException or RedisTimeoutException)
            {
                lastError = e.Message;
            }

            if (started.Elapsed > timeout)
            {
                throw new TimeoutException($"{what} within {timeout.TotalSeconds} s{(lastError is null ? "" : $" (last Redis error: {lastError})")}");
            }

            await Task.Delay(20);
        }
    }

    public static Task HoldsAsync(Func<Task<bool>> condition, TimeSpan timeout, string what) =>
        GetAsync(async () => await condition() ? "held" : null, timeout, what);
}
