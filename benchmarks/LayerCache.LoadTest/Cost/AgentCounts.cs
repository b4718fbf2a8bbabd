namespace LayerCache.LoadTest.Cost;

/// <summary>A reading of <see cref="AgentCounters"/>; two readings subtract into what happened between them.</summary>
public sealed record AgentCounts(
    long Publishes,
    long Heartbeats,
    long Polls,
    long Pulls,
    long Uses,
    long OrdersAppended,
    long ProgressReports,
    long OrdersCompleted,
    long Failures)
{
    public static AgentCounts operator -(AgentCounts end, AgentCounts start) => new(
        end.Publishes - start.Publishes,
        end.Heartbeats - start.Heartbeats,
        end.Polls - start.Polls,
        end.Pulls - start.Pulls,
        end.Uses - start.Uses,
        end.OrdersAppended - start.OrdersAppended,
        end.ProgressReports - start.ProgressReports,
        end.OrdersCompleted - start.OrdersCompleted,
        end.Failures - start.Failures);
}
