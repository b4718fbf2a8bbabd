using LayerCache.Cluster;
using Microsoft.Extensions.Options;

namespace LayerCache.Coordinator.State;

/// <summary>Checks <see cref="StoreOptions"/> at start-up; each failure names the setting and what it must be.</summary>
public sealed class StoreOptionsValidator : IValidateOptions<StoreOptions>
{
    public ValidateOptionsResult Validate(string? name, StoreOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.RedisConfiguration) && !options.ServeWithoutRedis)
        {
            failures.Add("Redis:Configuration (or --redis HOST:PORT) is required; set Coordinator:ServeWithoutRedis=true to answer hints without it");
        }
        else if (!RedisConnection.IsValid(options.RedisConfiguration))
        {
            failures.Add($"Redis:Configuration must be a Redis configuration string (host:port[,option=value...]); got '{options.RedisConfiguration}'");
        }

        if (string.IsNullOrWhiteSpace(options.KeyPrefix) || options.KeyPrefix.Contains('{') || options.KeyPrefix.Contains('}'))
        {
            failures.Add($"{StoreOptions.Section}:KeyPrefix must be non-empty and without braces (got '{options.KeyPrefix}')");
        }

        Positive(failures, nameof(options.PollInterval), options.PollInterval);
        Positive(failures, nameof(options.HeartbeatRefreshInterval), options.HeartbeatRefreshInterval);
        Positive(failures, nameof(options.NodeExpiry), options.NodeExpiry);
        Positive(failures, nameof(options.NodeStaleAfter), options.NodeStaleAfter);
        Positive(failures, nameof(options.RetryDelay), options.RetryDelay);
        Positive(failures, nameof(options.ImageTtl), options.ImageTtl);
        Positive(failures, nameof(options.FailedImageRetry), options.FailedImageRetry);
        if (options.MaxRetryDelay < options.RetryDelay)
        {
            failures.Add($"{StoreOptions.Section}:MaxRetryDelay must be at least RetryDelay (got {options.MaxRetryDelay} < {options.RetryDelay})");
        }

        if (options.NodeExpiry <= options.HeartbeatRefreshInterval)
        {
            failures.Add($"{StoreOptions.Section}:NodeExpiry must be longer than HeartbeatRefreshInterval (got {options.NodeExpiry} <= {options.HeartbeatRefreshInterval})");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Positive(List<string> failures, string setting, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            failures.Add($"{StoreOptions.Section}:{setting} must be positive (got {value})");
        }
    }
}
