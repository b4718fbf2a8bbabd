namespace LayerCache.Integration.Tests.Support;

/// <summary>Short intervals, so that what takes seconds in production takes a fraction of one here.</summary>
public static class TestSettings
{
    public static readonly TimeSpan PlannerInterval = TimeSpan.FromMilliseconds(500);

    public static readonly TimeSpan LockExpiry = TimeSpan.FromSeconds(2);

    /// <summary>A coordinator replica on <paramref name="redis"/> (host:port), its keys under <paramref name="keyPrefix"/>.</summary>
    public static Dictionary<string, string?> Coordinator(string redis, string keyPrefix = "lc", string? plainHttpRegistry = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Redis:Configuration"] = redis,
            ["Coordinator:ServeWithoutRedis"] = "false",
            ["Store:KeyPrefix"] = keyPrefix,
            ["Store:PollInterval"] = "00:00:00.050",
            ["Store:HeartbeatRefreshInterval"] = "00:00:00.200",
            ["Store:RetryDelay"] = "00:00:00.100",
            ["Store:MaxRetryDelay"] = "00:00:00.500",
            ["Planner:Interval"] = PlannerInterval.ToString(),
            ["Planner:LockExpiry"] = LockExpiry.ToString(),
        };
        if (plainHttpRegistry is not null)
        {
            settings["Store:PlainHttpRegistries:0"] = plainHttpRegistry;
        }

        return settings;
    }

    /// <summary>The same replica with settings added or replaced.</summary>
    public static Dictionary<string, string?> With(this Dictionary<string, string?> settings, params (string Key, string? Value)[] changes)
    {
        var copy = new Dictionary<string, string?>(settings);
        foreach (var (key, value) in changes)
        {
            copy[key] = value;
        }

        return copy;
    }
}
