namespace LayerCache.LoadTest.Cost;

/// <summary>
/// What the agents and the order issuer were meant to do in a window: a heartbeat per node per heartbeat interval, a poll
/// per node per poll interval (at least: an agent also polls at once after an order ends), and in their phases a pull or
/// an order per node per their interval.
/// </summary>
public sealed record IntendedLoad(double Heartbeats, double Polls, double Pulls, double Orders)
{
    public static IntendedLoad For(CostPhase phase, int nodes, double seconds, CostSettings settings)
    {
        double Per(TimeSpan interval) => nodes * seconds / interval.TotalSeconds;
        return new IntendedLoad(
            Per(AgentCadence.HeartbeatInterval),
            Per(AgentCadence.OrderPollInterval),
            phase == CostPhase.PullStorm ? Per(settings.PullEvery) : 0,
            phase == CostPhase.OrderBurst ? Per(settings.BurstEvery) : 0);
    }

    /// <summary>The smallest share of the intended done, over the kinds this phase intends (1: all of it or more).</summary>
    public double AchievedShare(AgentCounts done)
    {
        List<double> shares = [done.Heartbeats / Heartbeats, done.Polls / Polls];
        if (Pulls > 0)
        {
            shares.Add(done.Pulls / Pulls);
        }

        if (Orders > 0)
        {
            shares.Add(done.OrdersAppended / Orders);
        }

        return shares.Min();
    }
}
