namespace LayerCache.Cluster;

/// <summary>
/// How a node's consumer takes orders from its stream, with one command a poll where it can: the stream's pending
/// deliveries are read only when some may be waiting that the consumer is not running (at start, after Redis failed,
/// after an order was left pending unrun, or when more were delivered than could start); otherwise only new ones,
/// as many as can start. Not for concurrent use, but <see cref="LeftPending"/> may be called from anywhere.
/// </summary>
public sealed class OrderIntake(OrderQueue queue, string node, int maxInFlight)
{
    private int _pendingUnseen = 1;

    /// <summary>The deliveries to start now, none of them among <paramref name="running"/> (stream ids).</summary>
    public async Task<IReadOnlyList<OrderDelivery>> TakeAsync(IReadOnlyCollection<string> running, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(running);
        var free = maxInFlight - running.Count;
        if (free <= 0)
        {
            return [];
        }

        // Pending deliveries come first and include the ones running here: ask for enough to see past them.
        var pending = Interlocked.Exchange(ref _pendingUnseen, 0) == 1;
        var count = pending ? maxInFlight + running.Count : free;
        IReadOnlyList<OrderDelivery> deliveries;
        try
        {
            deliveries = await queue.ReadAsync(node, count, cancellationToken, pending).ConfigureAwait(false);
        }
        catch
        {
            LeftPending();
            throw;
        }

        var fresh = deliveries.Where(d => !running.Contains(d.StreamId)).ToList();

        // Some delivered that cannot start now, or a full answer that may not reach every pending one: read them next time.
        if (fresh.Count > free || (pending && deliveries.Count >= count))
        {
            LeftPending();
        }

        return fresh.Count > free ? fresh[..free] : fresh;
    }

    /// <summary>A delivery stays pending unrun (its completion failed, or Redis went away): the next take reads the pending ones.</summary>
    public void LeftPending() => Volatile.Write(ref _pendingUnseen, 1);
}
