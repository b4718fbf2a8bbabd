namespace LayerCache.LoadTest.Cost;

/// <summary>
/// How often a running agent talks to Redis when nothing asks it to: the defaults of the agent's own
/// <c>AgentOptions</c> (HeartbeatInterval, OrderPollInterval, MaxOrdersInFlight), which change with it only by hand.
/// </summary>
public static class AgentCadence
{
    /// <summary>The reporter publishes (a GET when nothing changed) and writes a heartbeat this often.</summary>
    public static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(5);

    /// <summary>The order consumer reads its stream this often (and at once after an order ends).</summary>
    public static readonly TimeSpan OrderPollInterval = TimeSpan.FromSeconds(1);

    public const int MaxOrdersInFlight = 2;

    /// <summary>How long each layer of a prefetch order takes to land here; the agent reports progress per layer.</summary>
    public static readonly TimeSpan LayerFetch = TimeSpan.FromMilliseconds(250);

    /// <summary>Containers running on a node: a pull starts one of the image pulled and the oldest stops.</summary>
    public const int RunningContainers = 3;
}
