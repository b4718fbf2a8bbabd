namespace LayerCache.LoadTest.Cost;

/// <summary>
/// What <c>layercache-loadtest cost</c> plays: the node counts, each phase's settle and measured window, how often each
/// agent pulls an image in the pull storm, and how often every node gets a prefetch order in the order burst.
/// </summary>
public sealed record CostSettings(
    IReadOnlyList<int> NodeCounts,
    TimeSpan Window,
    TimeSpan Settle,
    TimeSpan PullEvery,
    TimeSpan BurstEvery,
    bool Json)
{
    public static readonly IReadOnlyList<int> DefaultNodeCounts = [500, 2_000, 5_000, 10_000];
}
