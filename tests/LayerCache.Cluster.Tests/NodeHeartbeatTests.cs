namespace LayerCache.Cluster.Tests;

public sealed class NodeHeartbeatTests
{
    private static readonly DateTimeOffset Last = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    [Theory]
    [InlineData(5_000, true)]
    [InlineData(6_000, true)]
    [InlineData(4_999, true)] // a timer that woke a millisecond early
    [InlineData(4_985, true)]
    [InlineData(4_950, false)]
    [InlineData(0, false)]
    public void IsDue_FromTheIntervalOrATimersSlackBeforeIt(int millisecondsLater, bool due) =>
        Assert.Equal(due, NodeHeartbeat.IsDue(Last, Last.AddMilliseconds(millisecondsLater), Interval));

    [Fact]
    public void IsDue_NeverSentBefore_IsDue() =>
        Assert.True(NodeHeartbeat.IsDue(DateTimeOffset.MinValue, Last, Interval));
}
