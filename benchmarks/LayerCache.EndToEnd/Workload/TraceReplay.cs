using System.Diagnostics;
using LayerCache.EndToEnd.Nodes;
using LayerCache.Simulator.Engine;

namespace LayerCache.EndToEnd.Workload;

/// <summary>
/// Replays a trace in real time on the site's nodes. Pods arrive at their trace times and wait in arrival order, as in
/// kube-scheduler's queue, until some node has a free slot; the placement picks the node, one pod at a time; the
/// node's kubelet then pulls (if needed) and starts the container, and the slot stays taken until the pod has run its
/// lifetime and its container is removed. Start-up is arrival to container started: the wait for a slot, the pull
/// and the container start.
/// </summary>
internal sealed class TraceReplay(
    RequestTrace trace,
    IReadOnlyList<string> references,
    IReadOnlyList<Kubelet> kubelets,
    int slotsPerNode,
    IPodPlacement placement,
    Action<ReplayProgress>? progress = null)
{
    private readonly int[] _busy = new int[kubelets.Count];
    private readonly PodOutcome[] _outcomes = new PodOutcome[trace.Count];
    private readonly SemaphoreSlim _slotFreed = new(0);
    private readonly object _lock = new();
    private readonly Stopwatch _clock = new();
    private int _started;
    private int _startedOk;
    private double _startupSecondsSum;
    private double _busySlotSeconds;
    private double _lastChange;

    /// <summary>Mean share of all slots busy from the start of the replay until the last pod ended.</summary>
    public double SlotUtilization { get; private set; }

    public async Task<IReadOnlyList<PodOutcome>> RunAsync(string containerPrefix, CancellationToken cancellationToken)
    {
        var running = new List<Task>(trace.Count);
        var waiting = new Queue<int>();
        var next = 0;
        _clock.Start();
        while (next < trace.Count || waiting.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var now = _clock.Elapsed.TotalSeconds;
            while (next < trace.Count && trace.ArrivalSeconds[next] <= now)
            {
                waiting.Enqueue(next++);
            }

            if (waiting.Count > 0 && HasFreeSlot())
            {
                var pod = waiting.Dequeue();
                int[] busy;
                lock (_lock)
                {
                    busy = [.. _busy];
                }

                var node = await placement.ChooseAsync(pod, references[pod], busy, cancellationToken).ConfigureAwait(false);
                if (busy[node] >= slotsPerNode)
                {
                    throw new InvalidOperationException($"the placement chose node {node}, which has no free slot");
                }

                Take(node, +1);
                running.Add(RunPodAsync(pod, node, $"{containerPrefix}-{pod:D5}", cancellationToken));
                progress?.Invoke(new ReplayProgress(Volatile.Read(ref _started), trace.Count, waiting.Count, MeanStartupSoFar()));
                continue;
            }

            // Nothing to place now: wake at the next arrival or when a slot frees, whichever comes first.
            var untilArrival = next < trace.Count ? TimeSpan.FromSeconds(Math.Max(0, trace.ArrivalSeconds[next] - now)) : Timeout.InfiniteTimeSpan;
            if (waiting.Count == 0)
            {
                await Task.Delay(untilArrival, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                // A slot freed since the check above has released the semaphore already, so this returns at once.
                await _slotFreed.WaitAsync(untilArrival, cancellationToken).ConfigureAwait(false);
            }
        }

        await Task.WhenAll(running).ConfigureAwait(false);
        lock (_lock)
        {
            SlotUtilization = _lastChange > 0 ? _busySlotSeconds / (_lastChange * slotsPerNode * kubelets.Count) : 0;
        }

        return _outcomes;
    }

    private async Task RunPodAsync(int pod, int node, string containerId, CancellationToken cancellationToken)
    {
        var placedAt = _clock.Elapsed.TotalSeconds;
        var wait = placedAt - trace.ArrivalSeconds[pod];
        try
        {
            var start = await kubelets[node].StartAsync(references[pod], containerId, cancellationToken).ConfigureAwait(false);
            var startup = _clock.Elapsed.TotalSeconds - trace.ArrivalSeconds[pod];
            _outcomes[pod] = new PodOutcome(node, wait, startup, start.Pulled, start.PullSeconds, start.ContainerStartSeconds, null, start.PullStartedAt, start.PullEndedAt);
            lock (_lock)
            {
                _startupSecondsSum += startup;
                _startedOk++;
            }

            Interlocked.Increment(ref _started);
            await Task.Delay(TimeSpan.FromSeconds(trace.RunSeconds[pod]), cancellationToken).ConfigureAwait(false);
            await kubelets[node].StopAsync(containerId, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _outcomes[pod] = new PodOutcome(node, wait, _clock.Elapsed.TotalSeconds - trace.ArrivalSeconds[pod], false, 0, 0, e.Message);
            Interlocked.Increment(ref _started);
        }
        finally
        {
            Take(node, -1);
            _slotFreed.Release();
        }
    }

    /// <summary>Mean start-up of the pods started so far; null before the first.</summary>
    private double? MeanStartupSoFar()
    {
        lock (_lock)
        {
            return _startedOk > 0 ? _startupSecondsSum / _startedOk : null;
        }
    }

    private bool HasFreeSlot()
    {
        lock (_lock)
        {
            return _busy.Any(b => b < slotsPerNode);
        }
    }

    private void Take(int node, int delta)
    {
        lock (_lock)
        {
            var now = _clock.Elapsed.TotalSeconds;
            _busySlotSeconds += _busy.Sum() * (now - _lastChange);
            _lastChange = now;
            _busy[node] += delta;
        }
    }
}
