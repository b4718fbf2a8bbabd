namespace LayerCache.LoadTest.Cost;

/// <summary>One phase at one node count: Redis's counters, the coordinator's CPU and what the agents did over the window.</summary>
public sealed record PhaseCost(
    int Nodes,
    CostPhase Phase,
    double Seconds,
    RedisCounters Redis,
    AgentCounts Done,
    IntendedLoad Intended,
    double CoordinatorCpuSeconds,
    double LoadGeneratorCpuSeconds)
{
    public double InputBytesPerNodeSecond => PerNodeSecond(Redis.InputBytes);

    public double OutputBytesPerNodeSecond => PerNodeSecond(Redis.OutputBytes);

    public double CommandsPerNodeSecond => PerNodeSecond(Redis.Commands);

    public double CoordinatorCpuMsPerNodeSecond => PerNodeSecond(CoordinatorCpuSeconds) * 1000;

    public double RedisCpuMsPerNodeSecond => PerNodeSecond(Redis.CpuSeconds) * 1000;

    public double AchievedShare => Intended.AchievedShare(Done);

    public string PhaseName => Phase switch
    {
        CostPhase.Rest => "at rest",
        CostPhase.PullStorm => "pull storm",
        _ => "order burst",
    };

    private double PerNodeSecond(double total) => total / Nodes / Seconds;
}
