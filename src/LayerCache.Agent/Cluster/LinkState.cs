using LayerCache.Core.Retries;

namespace LayerCache.Agent.Cluster;

/// <summary>
/// Whether Redis answers, shared by the link's loops: an outage is logged once when it starts and once when it
/// ends (not per attempt), shown in <c>layercache_redis_connected</c>, and leaves a mark that makes the next
/// report rewrite the whole inventory (Redis may have come back empty).
/// </summary>
internal sealed partial class LinkState(AgentMetrics metrics, TimeProvider time, ILogger logger)
{
    private static readonly RetryBackoff Retry = new(TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(5));

    private readonly Lock _lock = new();
    private bool? _connected;
    private DateTimeOffset _lostAt;
    private int _resetNeeded;

    /// <summary>Raised when the connection to Redis is back, so waiting loops retry now rather than after their backoff.</summary>
    public event Action? Reconnected;

    public bool IsConnected
    {
        get
        {
            lock (_lock)
            {
                return _connected == true;
            }
        }
    }

    /// <summary>The wait before retry number <paramref name="attempt"/> (from 1): 250 ms doubling to 5 s, each drawn between half and all of it.</summary>
    public static TimeSpan Backoff(int attempt) => Retry.Delay(attempt);

    public void Succeeded()
    {
        lock (_lock)
        {
            if (_connected == true)
            {
                return;
            }

            var wasLost = _connected == false;
            _connected = true;
            metrics.RedisConnected.Set(1);
            if (wasLost)
            {
                LogRestored(logger, (time.GetUtcNow() - _lostAt).TotalSeconds);
            }
            else
            {
                LogConnected(logger);
            }
        }
    }

    public void Failed(string operation, string reason)
    {
        metrics.RedisErrors.Inc(1, operation);
        Interlocked.Exchange(ref _resetNeeded, 1);
        lock (_lock)
        {
            if (_connected == false)
            {
                return;
            }

            _connected = false;
            _lostAt = time.GetUtcNow();
            metrics.RedisConnected.Set(0);
            LogLost(logger, reason);
        }
    }

    /// <summary>The connection came back; whatever Redis holds now may not be what was published before.</summary>
    public void Restored()
    {
        Interlocked.Exchange(ref _resetNeeded, 1);
        Reconnected?.Invoke();
    }

    /// <summary>True once after each failure or reconnection: the caller republishes everything.</summary>
    public bool TakeReset() => Interlocked.Exchange(ref _resetNeeded, 0) == 1;

    [LoggerMessage(Level = LogLevel.Information, Message = "Connected to Redis: reporting the node's inventory and taking orders")]
    private static partial void LogConnected(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis is unreachable; the node goes on alone and retries with backoff: {Reason}")]
    private static partial void LogLost(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Redis answers again after {Seconds:F1} s; republishing the node's whole inventory")]
    private static partial void LogRestored(ILogger logger, double seconds);
}
