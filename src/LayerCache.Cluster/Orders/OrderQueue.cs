using LayerCache.Cluster.Json;
using StackExchange.Redis;

namespace LayerCache.Cluster;

/// <summary>
/// Orders, one stream per node read by consumer group <c>agents</c> with the node as consumer: at-least-once.
/// A finished order's id goes into the node's done set (expiring after <see cref="ClusterStoreOptions.OrderDedupTtl"/>)
/// in the same MULTI as the XACK, so a redelivered order is recognised and acknowledged without running again.
/// With <see cref="OrderKeys"/>, a writer signs each order (field <c>sig</c> beside <c>json</c>) and a reader delivers an
/// order whose signature does not check with the reason it must not run.
/// </summary>
public sealed class OrderQueue
{
    /// <summary>The field of an order entry that carries its signature.</summary>
    public const string SignatureField = "sig";

    private readonly IConnectionMultiplexer _redis;
    private readonly ClusterStoreOptions _options;
    private readonly ClusterKeys _keys;
    private readonly TimeProvider _time;
    private readonly OrderKeys? _orderKeys;

    /// <param name="orderKeys">Keys to sign orders with (a writer) or check them by (a reader); none: neither.</param>
    public OrderQueue(IConnectionMultiplexer redis, ClusterStoreOptions options, TimeProvider? time = null, OrderKeys? orderKeys = null)
    {
        ArgumentNullException.ThrowIfNull(redis);
        _redis = redis;
        _options = options;
        _keys = new ClusterKeys(options);
        _time = time ?? TimeProvider.System;
        _orderKeys = orderKeys;
    }

    /// <summary>
    /// Orders and outcomes read that could not be used: a bad order is acknowledged (so it stops coming back) and
    /// never run. The owner counts and logs them.
    /// </summary>
    public event Action<BadPayload>? BadPayload;

    /// <summary>Appends the order to its node's stream; returns the stream id.</summary>
    public async Task<string> AppendAsync(NodeOrder order, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentException.ThrowIfNullOrWhiteSpace(order.Id);
        cancellationToken.ThrowIfCancellationRequested();
        var payload = Payload.Write(order, ClusterJson.Default.NodeOrder);
        NameValueEntry[] fields = _orderKeys?.SigningKeyId is null
            ? [new(Payload.StreamField, payload)]
            : [new(Payload.StreamField, payload), new(SignatureField, _orderKeys.Sign((byte[])payload!))];
        var id = await _redis.GetDatabase().StreamAddAsync(
            _keys.Orders(order.Node),
            fields,
            maxLength: _options.OrderStreamMaxLength,
            useApproximateMaxLength: true).ConfigureAwait(false);
        return id.ToString();
    }

    /// <summary>
    /// This node's pending orders (delivered before, not yet completed: after a crash, or still in progress) first,
    /// then new ones; up to <paramref name="count"/> in all. A consumer that reads again while still working on an
    /// order gets that order again and skips it by its id. With <paramref name="pending"/> false only new orders are
    /// read (one command instead of two): for a consumer that knows nothing it was given is left pending unrun.
    /// </summary>
    public async Task<IReadOnlyList<OrderDelivery>> ReadAsync(string node, int count, CancellationToken cancellationToken, bool pending = true)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        cancellationToken.ThrowIfCancellationRequested();
        var database = _redis.GetDatabase();
        var stream = _keys.Orders(node);
        var deliveries = new List<OrderDelivery>(count);
        if (pending)
        {
            await ReadGroupAsync(database, stream, node, StreamPosition.Beginning, count, deliveries).ConfigureAwait(false);
        }

        if (deliveries.Count < count)
        {
            await ReadGroupAsync(database, stream, node, StreamPosition.NewMessages, count - deliveries.Count, deliveries)
                .ConfigureAwait(false);
        }

        return deliveries;
    }

    public async Task<bool> IsDoneAsync(string node, string orderId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var completed = await _redis.GetDatabase().SortedSetScoreAsync(_keys.Done(node), orderId).ConfigureAwait(false);
        return completed is { } at && at >= OldestRemembered();
    }

    /// <summary>
    /// Records the outcome on the global outcome stream (once: not when the id is already done), then marks the id
    /// done and acknowledges the delivery in one MULTI. Calling it again for the same order only acknowledges.
    /// </summary>
    public async Task CompleteAsync(OrderDelivery delivery, OrderOutcome outcome, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        ArgumentNullException.ThrowIfNull(outcome);
        var order = delivery.Order;
        if (!await IsDoneAsync(order.Node, order.Id, cancellationToken).ConfigureAwait(false))
        {
            await _redis.GetDatabase().StreamAddAsync(
                _keys.Outcomes,
                Payload.StreamField,
                Payload.Write(outcome, ClusterJson.Default.OrderOutcome),
                maxLength: _options.OutcomeStreamMaxLength,
                useApproximateMaxLength: true).ConfigureAwait(false);
        }

        var done = _keys.Done(order.Node);
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var transaction = _redis.GetDatabase().CreateTransaction();
        _ = transaction.SortedSetAddAsync(done, order.Id, now);
        _ = transaction.SortedSetRemoveRangeByScoreAsync(done, double.NegativeInfinity, OldestRemembered(), Exclude.Stop);
        _ = transaction.KeyExpireAsync(done, _options.OrderDedupTtl);
        _ = transaction.StreamAcknowledgeAsync(_keys.Orders(order.Node), ClusterKeys.OrderGroup, delivery.StreamId);
        _ = transaction.HashDeleteAsync(_keys.Progress(order.Node), order.Id);
        await transaction.ExecuteAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// Records how many bytes of a running order the node has fetched, for operators following it; the outcome
    /// replaces it (<see cref="CompleteAsync"/> removes it). The record expires with the done set.
    /// </summary>
    public async Task ReportProgressAsync(string node, string orderId, long bytes, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        cancellationToken.ThrowIfCancellationRequested();
        var key = _keys.Progress(node);
        var transaction = _redis.GetDatabase().CreateTransaction();
        _ = transaction.HashSetAsync(key, orderId, bytes);
        _ = transaction.KeyExpireAsync(key, _options.OrderDedupTtl);
        await transaction.ExecuteAsync().ConfigureAwait(false);
    }

    /// <summary>The bytes reported so far of each of these orders of the node; an order without a report (or a bad one) is left out.</summary>
    public async Task<IReadOnlyDictionary<string, long>> ReadProgressAsync(string node, IReadOnlyList<string> orderIds, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var progress = new Dictionary<string, long>(StringComparer.Ordinal);
        if (orderIds.Count == 0)
        {
            return progress;
        }

        var values = await _redis.GetDatabase().HashGetAsync(_keys.Progress(node), [.. orderIds.Select(i => (RedisValue)i)]).ConfigureAwait(false);
        for (var i = 0; i < values.Length; i++)
        {
            if (!values[i].IsNull && values[i].TryParse(out long bytes) && bytes >= 0)
            {
                progress[orderIds[i]] = bytes;
            }
        }

        return progress;
    }

    /// <summary>Orders appended to the node's stream and not completed yet: pending plus not yet delivered.</summary>
    public async Task<long> PendingCountAsync(string node, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var database = _redis.GetDatabase();
        var stream = _keys.Orders(node);
        if (!await database.KeyExistsAsync(stream).ConfigureAwait(false))
        {
            return 0;
        }

        var groups = await database.StreamGroupInfoAsync(stream).ConfigureAwait(false);
        var group = groups.FirstOrDefault(g => g.Name == ClusterKeys.OrderGroup);
        if (group.Name is null)
        {
            return await database.StreamLengthAsync(stream).ConfigureAwait(false);
        }

        var undelivered = group.Lag ?? await CountAfterAsync(database, stream, group.LastDeliveredId).ConfigureAwait(false);
        return group.PendingMessageCount + undelivered;
    }

    public async Task<OutcomeBatch> ReadOutcomesAsync(string afterId, int count, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var (outcomes, lastId) = await StreamReads.ReadAfterAsync(
            _redis.GetDatabase(), _keys.Outcomes, afterId, count, ClusterJson.Default.OrderOutcome, "outcome", BadPayload).ConfigureAwait(false);
        return new OutcomeBatch(outcomes, lastId);
    }

    /// <summary>
    /// The newest <paramref name="count"/> orders of the node's stream, newest first, whatever their delivery state: what
    /// was ordered, for operators. An entry that does not read, or names another node, is reported and left out.
    /// </summary>
    public async Task<IReadOnlyList<NodeOrder>> ReadNewestAsync(string node, int count, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var orders = await StreamReads.ReadNewestAsync(
            _redis.GetDatabase(), _keys.Orders(node), count, ClusterJson.Default.NodeOrder, "order", BadPayload).ConfigureAwait(false);
        orders.RemoveAll(o => o.Node != node);
        return orders;
    }

    /// <summary>The newest <paramref name="count"/> outcomes of every node, newest first.</summary>
    public async Task<IReadOnlyList<OrderOutcome>> ReadNewestOutcomesAsync(int count, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return await StreamReads.ReadNewestAsync(
            _redis.GetDatabase(), _keys.Outcomes, count, ClusterJson.Default.OrderOutcome, "outcome", BadPayload).ConfigureAwait(false);
    }

    private double OldestRemembered() => (_time.GetUtcNow() - _options.OrderDedupTtl).ToUnixTimeMilliseconds();

    private async Task ReadGroupAsync(
        IDatabase database, RedisKey stream, string node, RedisValue position, int count, List<OrderDelivery> into)
    {
        StreamEntry[] entries;
        try
        {
            entries = await database.StreamReadGroupAsync(stream, ClusterKeys.OrderGroup, node, position, count).ConfigureAwait(false);
        }
        catch (RedisServerException ex) when (ex.Message.StartsWith("NOGROUP", StringComparison.Ordinal))
        {
            // First read of this node, or Redis lost the group: start it at the beginning so no order is skipped.
            await CreateGroupAsync(database, stream).ConfigureAwait(false);
            entries = await database.StreamReadGroupAsync(stream, ClusterKeys.OrderGroup, node, position, count).ConfigureAwait(false);
        }

        var unusable = new List<RedisValue>();
        foreach (var entry in entries)
        {
            if (Payload.TryReadEntry(entry, ClusterJson.Default.NodeOrder, out var order, out var reason) && order.Node == node)
            {
                var refusal = _orderKeys?.Check((byte[])entry[Payload.StreamField]!, (string?)entry[SignatureField]);
                into.Add(new OrderDelivery(entry.Id.ToString(), order, refusal));
                continue;
            }

            unusable.Add(entry.Id);
            if (order is not null)
            {
                reason = $"order {order.Id} is for node '{order.Node}', not {node}";
            }

            if (reason.Length > 0)
            {
                BadPayload?.Invoke(new BadPayload("order", $"{stream} {entry.Id}", reason));
            }
        }

        // A pending entry the stream trimmed away has no payload left to run, and a bad one must never run: acknowledge
        // both so they stop coming back.
        if (unusable.Count > 0)
        {
            await database.StreamAcknowledgeAsync(stream, ClusterKeys.OrderGroup, [.. unusable]).ConfigureAwait(false);
        }
    }

    private static async Task CreateGroupAsync(IDatabase database, RedisKey stream)
    {
        try
        {
            await database.StreamCreateConsumerGroupAsync(stream, ClusterKeys.OrderGroup, StreamPosition.Beginning, createStream: true)
                .ConfigureAwait(false);
        }
        catch (RedisServerException ex) when (ex.Message.StartsWith("BUSYGROUP", StringComparison.Ordinal))
        {
            // Another reader created it first.
        }
    }

    private static async Task<long> CountAfterAsync(IDatabase database, RedisKey stream, RedisValue lastDeliveredId)
    {
        var after = await database.StreamRangeAsync(stream, "(" + lastDeliveredId, "+").ConfigureAwait(false);
        return after.Length;
    }
}
