using StackExchange.Redis;

namespace LayerCache.Cluster;

/// <summary>
/// Checking a Redis configuration string, how the agent connects, and which failures mean Redis is unreachable or slow
/// rather than a bug of ours; shared by the agent and the coordinator.
/// </summary>
public static class RedisConnection
{
    /// <summary>Empty (run alone) or a configuration string that names at least one endpoint.</summary>
    public static bool IsValid(string? configuration)
    {
        if (string.IsNullOrWhiteSpace(configuration))
        {
            return true;
        }

        try
        {
            return ConfigurationOptions.Parse(configuration).EndPoints.Count > 0;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    public static ConfigurationOptions Options(string configuration)
    {
        var options = ConfigurationOptions.Parse(configuration);

        // The node must start and keep working without Redis: connect in the background and keep retrying.
        options.AbortOnConnectFail = false;

        // A command while disconnected fails at once instead of waiting in a backlog: the link backs off by itself
        // and republishes everything once Redis answers again.
        options.BacklogPolicy = BacklogPolicy.FailFast;

        // Try again within two seconds of Redis coming back, not the library's default of up to ten.
        options.ReconnectRetryPolicy = new ExponentialRetry(250, 2_000);
        return options;
    }

    public static bool IsFailure(Exception e) => e switch
    {
        RedisException or RedisTimeoutException or TimeoutException => true,
        AggregateException aggregate => aggregate.InnerExceptions.All(IsFailure),
        _ => e.InnerException is { } inner && IsFailure(inner),
    };
}
