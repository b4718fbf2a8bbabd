using System.Collections.Concurrent;
using System.Threading.Channels;
using LayerCache.Core.Model;
using LayerCache.Core.Popularity;
using Microsoft.Extensions.Options;

namespace LayerCache.Coordinator.Hints;

/// <summary>
/// The in-process <see cref="IImageDemand"/>: unknown references wait in a bounded queue for a resolver (each
/// reference once while it waits; when the queue is full the newest is dropped and asked for again by a later hint),
/// and pod requests count in a local <see cref="PopularityTracker"/> once per pod and image.
/// </summary>
public sealed class LocalImageDemand : IImageDemand
{
    private readonly Channel<string> _queue;
    private readonly ConcurrentDictionary<string, byte> _waiting = new(StringComparer.Ordinal);
    private readonly CoordinatorMetrics _metrics;
    private readonly PopularityTracker _popularity;
    private readonly HashSet<(string Pod, string Image)> _counted = [];
    private readonly Queue<(string Pod, string Image)> _countedOrder = new();
    private readonly int _remembered;
    private readonly Lock _lock = new();

    public LocalImageDemand(IOptions<CoordinatorOptions> options, TimeProvider time, CoordinatorMetrics metrics)
    {
        var o = options.Value;
        _metrics = metrics;
        _remembered = o.RememberedPodImages;
        _popularity = new PopularityTracker(o.PopularityHalfLife, time);
        _queue = Channel.CreateBounded<string>(new BoundedChannelOptions(o.UnknownImageQueueLength)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleWriter = false,
        });
        UnknownImages = new WaitingReader(_queue.Reader, _waiting);
    }

    /// <summary>The references to resolve, each once while it waits; a background resolver drains it.</summary>
    public ChannelReader<string> UnknownImages { get; }

    public void Unknown(string reference)
    {
        if (!_waiting.TryAdd(reference, 0))
        {
            return;
        }

        // TryWrite on a full bounded channel in Wait mode fails at once instead of waiting.
        if (!_queue.Writer.TryWrite(reference))
        {
            _waiting.TryRemove(reference, out _);
            _metrics.ImageDemandDropped.Inc();
        }
    }

    public void Requested(string podUid, IReadOnlyList<ContainerImage> images)
    {
        lock (_lock)
        {
            foreach (var image in images)
            {
                var key = (podUid, image.Reference);
                if (!_counted.Add(key))
                {
                    continue;
                }

                _countedOrder.Enqueue(key);
                if (_countedOrder.Count > _remembered)
                {
                    _counted.Remove(_countedOrder.Dequeue());
                }

                _popularity.Record(image);
            }
        }
    }

    /// <summary>Reads the local popularity under its lock (the tracker is not thread-safe).</summary>
    public T ReadPopularity<T>(Func<PopularityTracker, T> read)
    {
        lock (_lock)
        {
            return read(_popularity);
        }
    }

    /// <summary>Forgets that a reference waits once the resolver takes it, so a later hint may ask again.</summary>
    private sealed class WaitingReader(ChannelReader<string> inner, ConcurrentDictionary<string, byte> waiting) : ChannelReader<string>
    {
        public override Task Completion => inner.Completion;

        public override bool CanCount => inner.CanCount;

        public override int Count => inner.Count;

        public override bool TryRead(out string item)
        {
            if (inner.TryRead(out item!))
            {
                waiting.TryRemove(item, out _);
                return true;
            }

            return false;
        }

        public override ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken = default) => inner.WaitToReadAsync(cancellationToken);
    }
}
