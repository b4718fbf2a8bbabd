using System.Threading.Channels;

namespace LayerCache.Agent.Cluster;

/// <summary>A loop's doorbell: rings coalesce, and a wait ends at the first ring or after its timeout.</summary>
internal sealed class WakeSignal
{
    private readonly Channel<bool> _rings = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Ring() => _rings.Writer.TryWrite(true);

    /// <summary>Waits for a ring or <paramref name="timeout"/>, whichever comes first; true if it rang.</summary>
    public async Task<bool> WaitAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        if (_rings.Reader.TryRead(out _))
        {
            return true;
        }

        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var rung = _rings.Reader.WaitToReadAsync(wait.Token).AsTask();
        var timer = Task.Delay(timeout, time, wait.Token);
        await Task.WhenAny(rung, timer).ConfigureAwait(false);
        await wait.CancelAsync().ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        return _rings.Reader.TryRead(out _);
    }
}
