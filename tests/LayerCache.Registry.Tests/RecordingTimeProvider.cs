using System.Collections.Concurrent;

namespace LayerCache.Registry.Tests;

/// <summary>
/// Real time plus what <see cref="Advance"/> added, and every timer (retry delay) recorded and fired at once,
/// so tests assert waits and expiry without waiting.
/// </summary>
public sealed class RecordingTimeProvider : TimeProvider
{
    private readonly ConcurrentQueue<TimeSpan> _delays = new();
    private TimeSpan _advanced;

    public void Advance(TimeSpan by) => _advanced += by;

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + _advanced;

    public IReadOnlyList<TimeSpan> Delays => _delays.ToArray();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (dueTime != Timeout.InfiniteTimeSpan)
        {
            _delays.Enqueue(dueTime);
        }

        return System.CreateTimer(callback, state, dueTime == Timeout.InfiniteTimeSpan ? dueTime : TimeSpan.Zero, period);
    }
}
