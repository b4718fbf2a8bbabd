using System.Collections.Concurrent;
using LayerCache.Cluster;

namespace LayerCache.Agent.Cluster;

/// <summary>
/// Takes the node's orders from its stream (its own pending deliveries first, then new ones), runs up to
/// <see cref="AgentOptions.MaxOrdersInFlight"/> at once, and completes each with its outcome. An order already
/// done (a redelivery) is completed without running again; so is one whose outcome could not be recorded
/// during an outage, with the outcome it had. An order refused (its signature, its age, its registry) is completed as
/// failed with the reason, and nothing of it runs.
/// </summary>
internal sealed partial class OrderConsumer(
    OrderQueue queue,
    OrderExecutor executor,
    OrderRegistries registries,
    OrderBudget budget,
    LinkState state,
    AgentMetrics metrics,
    AgentOptions options,
    TimeProvider time,
    ILogger logger)
{
    private readonly WakeSignal _wake = new();
    private readonly OrderIntake _intake = new(queue, options.NodeName, options.MaxOrdersInFlight);
    private readonly Dictionary<string, Task> _inFlight = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, OrderOutcome> _unrecorded = new(StringComparer.Ordinal);

    public async Task RunAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        state.Reconnected += _wake.Ring;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                foreach (var done in _inFlight.Where(kv => kv.Value.IsCompleted).Select(kv => kv.Key).ToList())
                {
                    _inFlight.Remove(done);
                }

                try
                {
                    await TakeAsync(stoppingToken).ConfigureAwait(false);
                    state.Succeeded();
                    failures = 0;
                }
                catch (Exception e) when (RedisConnection.IsFailure(e) && !stoppingToken.IsCancellationRequested)
                {
                    state.Failed("orders", e.Message);
                    _intake.LeftPending();
                    failures++;
                }

                var wait = failures > 0 ? LinkState.Backoff(failures) : options.OrderPollInterval;
                await _wake.WaitAsync(wait, time, stoppingToken).ConfigureAwait(false);
            }
        }
        finally
        {
            state.Reconnected -= _wake.Ring;
            await Task.WhenAll(_inFlight.Values).ConfigureAwait(false);
        }
    }

    private async Task TakeAsync(CancellationToken stoppingToken)
    {
        foreach (var delivery in await _intake.TakeAsync(_inFlight.Keys, stoppingToken).ConfigureAwait(false))
        {
            _inFlight[delivery.StreamId] = HandleAsync(delivery, stoppingToken);
        }
    }

    private async Task HandleAsync(OrderDelivery delivery, CancellationToken stoppingToken)
    {
        await Task.Yield();
        var order = delivery.Order;
        var kind = OrderKindLabels.Of(order.Kind);
        metrics.OrdersReceived.Inc(1, kind);
        try
        {
            if (!_unrecorded.TryGetValue(order.Id, out var outcome))
            {
                if (await queue.IsDoneAsync(options.NodeName, order.Id, stoppingToken).ConfigureAwait(false))
                {
                    LogAlreadyDone(logger, order.Id);
                    await queue.CompleteAsync(delivery, new OrderOutcome(order.Id, options.NodeName, order.Kind, true, 0, 0, null, time.GetUtcNow()), stoppingToken).ConfigureAwait(false);
                    return;
                }

                if (await RefusalAsync(delivery, stoppingToken).ConfigureAwait(false) is { } refusal)
                {
                    metrics.OrdersRefused.Inc(1, refusal.Reason);
                    LogRefused(logger, order.Id, kind, refusal.Detail);
                    outcome = new OrderOutcome(order.Id, options.NodeName, order.Kind, false, 0, 0, $"refused: {refusal.Detail}", time.GetUtcNow());
                }
                else
                {
                    outcome = await executor.ExecuteAsync(order, stoppingToken, (bytes, token) => ReportProgressAsync(order.Id, bytes, token)).ConfigureAwait(false);
                    (outcome.Succeeded ? metrics.OrdersCompleted : metrics.OrdersFailed).Inc(1, kind);
                    if (order.Kind != OrderKind.Evict)
                    {
                        budget.Spent(outcome.Bytes);
                    }
                }

                _unrecorded[order.Id] = outcome;
            }

            await queue.CompleteAsync(delivery, outcome, stoppingToken).ConfigureAwait(false);
            _unrecorded.TryRemove(order.Id, out _);
        }
        catch (Exception e) when (RedisConnection.IsFailure(e) && !stoppingToken.IsCancellationRequested)
        {
            // The delivery stays pending and comes back once Redis answers; its outcome is kept until then.
            state.Failed("orders", e.Message);
            _intake.LeftPending();
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            // Not Redis being away: the delivery stays pending and is tried again at the next poll.
            LogCompleteFailed(logger, order.Id, e.Message);
            _intake.LeftPending();
        }
        finally
        {
            _wake.Ring();
        }
    }

    /// <summary>
    /// Why the order must not run, if it must not: a signature that does not check, an age past
    /// <see cref="AgentOptions.OrderMaxAge"/>, a prefetch from a registry this node does not allow, or one past the
    /// node's byte budget for orders.
    /// </summary>
    private async Task<(string Reason, string Detail)?> RefusalAsync(OrderDelivery delivery, CancellationToken cancellationToken)
    {
        var order = delivery.Order;
        if (delivery.Refusal is { } signature)
        {
            return ("signature", signature);
        }

        if (time.GetUtcNow() - order.IssuedAt > options.OrderMaxAge)
        {
            return ("expired", $"issued at {order.IssuedAt:O}, longer ago than Agent:OrderMaxAge ({options.OrderMaxAge})");
        }

        var (image, brings) = order switch
        {
            PrefetchLayersOrder layers => (layers.Image, layers.Layers.Sum(l => l.SizeBytes)),
            PrefetchImageOrder pull => (pull.Image, (long?)null),
            UnpackImageOrder unpack => (unpack.Image, (long?)null),
            _ => (null, 0),
        };
        if (image is null)
        {
            return null;
        }

        if (await registries.AllowsAsync(image, cancellationToken).ConfigureAwait(false) is { } notAllowed)
        {
            return ("registry", notAllowed);
        }

        return budget.Refusal(brings) is { } overBudget ? ("budget", overBudget) : null;
    }

    /// <summary>Progress is for operators watching: Redis being away must not fail the order, so a report that fails is dropped.</summary>
    private async Task ReportProgressAsync(string orderId, long bytes, CancellationToken cancellationToken)
    {
        try
        {
            await queue.ReportProgressAsync(options.NodeName, orderId, bytes, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (RedisConnection.IsFailure(e) && !cancellationToken.IsCancellationRequested)
        {
            state.Failed("orders", e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused order {OrderId} ({Kind}): {Reason}")]
    private static partial void LogRefused(ILogger logger, string orderId, string kind, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Order {OrderId} could not be completed: {Reason}")]
    private static partial void LogCompleteFailed(ILogger logger, string orderId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Order {OrderId} was already done; acknowledged without running it again")]
    private static partial void LogAlreadyDone(ILogger logger, string orderId);
}
