using System.Diagnostics;
using LayerCache.Agent.Eviction;
using LayerCache.Agent.Inventory;
using LayerCache.Agent.Node;
using LayerCache.Agent.Prefetch;
using LayerCache.Agent.Unpack;
using LayerCache.Cluster;
using LayerCache.Containerd;
using LayerCache.Registry;
using Microsoft.Extensions.Options;

namespace LayerCache.Agent.Cluster;

/// <summary>
/// Carries out one order of the coordinator on this node with the agent's own paths: an image prefetch is a CRI
/// pull, a layer prefetch streams the named layers from the image's repository into containerd, an unpack fetches
/// what the node lacks and unpacks it into snapshots (no image record), an eviction goes through the evictor (never
/// anything a container uses). Any failure becomes a failed outcome with its reason;
/// the caller completes the order either way, so a bad order is not retried forever.
/// </summary>
public sealed partial class OrderExecutor(
    LayerPrefetcher prefetcher,
    ImageUnpacker unpacker,
    NodeEvictor evictor,
    InventorySync inventory,
    ContainerdClient client,
    NodeState node,
    IOptions<AgentOptions> options,
    TimeProvider time,
    ILogger<OrderExecutor> logger)
{
    /// <param name="progress">Told the bytes of a layer prefetch on the node so far, each time one more layer lands.</param>
    public async Task<OrderOutcome> ExecuteAsync(NodeOrder order, CancellationToken cancellationToken, Func<long, CancellationToken, Task>? progress = null)
    {
        var started = Stopwatch.GetTimestamp();
        long bytes = 0;
        string? error;
        try
        {
            (bytes, error) = order switch
            {
                PrefetchImageOrder image => (await PullAsync(image, cancellationToken).ConfigureAwait(false), null),
                PrefetchLayersOrder layers => (await FetchLayersAsync(layers, progress, cancellationToken).ConfigureAwait(false), null),
                EvictOrder evict => await EvictAsync(evict, cancellationToken).ConfigureAwait(false),
                UnpackImageOrder unpack => ((await unpacker.UnpackAsync(unpack.Image, cancellationToken).ConfigureAwait(false)).FetchedBytes, null),
                _ => (0, $"unknown order kind {order.Kind}"),
            };
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            error = e.Message;
        }
        finally
        {
            // Prefetched blobs and removed images show in the inventory (and so in Redis) without waiting for the interval.
            inventory.RequestResync("order");
        }

        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        if (error is null)
        {
            LogDone(logger, order.Id, order.Kind, bytes, seconds);
        }
        else
        {
            LogFailed(logger, order.Id, order.Kind, error);
        }

        return new OrderOutcome(order.Id, options.Value.NodeName, order.Kind, error is null, bytes, seconds, error, time.GetUtcNow());
    }

    /// <summary>A CRI pull; the bytes are those of the image's layers the node did not hold before.</summary>
    private async Task<long> PullAsync(PrefetchImageOrder order, CancellationToken cancellationToken)
    {
        var reference = order.Image;
        var before = await ReadNodeAsync(n => n.Cache.Layers.Select(l => l.Digest).ToHashSet(), cancellationToken).ConfigureAwait(false);
        await prefetcher.PrefetchImageAsync(reference, cancellationToken).ConfigureAwait(false);
        // CRI stores the fully qualified name (docker.io/library/nginx:latest for nginx).
        var name = ImageReference.TryParse(reference, out var parsed, out _) ? parsed.ToString() : reference;
        var pulled = await client.GetImageAsync(name, cancellationToken).ConfigureAwait(false);
        if (pulled is null)
        {
            return 0;
        }

        await ReadNodeAsync(n => n.PrefetchedImages.Add(pulled.Name), cancellationToken).ConfigureAwait(false);

        var image = await client.ResolveImageLayersAsync(pulled, cancellationToken).ConfigureAwait(false);
        return image.DistinctLayers.Where(l => !before.Contains(l.Digest)).Sum(l => l.SizeBytes);
    }

    /// <summary>The ordered layers, from the repository of the order's image (layers are addressed per repository).</summary>
    private async Task<long> FetchLayersAsync(PrefetchLayersOrder order, Func<long, CancellationToken, Task>? progress, CancellationToken cancellationToken)
    {
        if (!ImageReference.TryParse(order.Image, out var repository, out var error))
        {
            throw new ArgumentException(error);
        }

        var report = await prefetcher.PrefetchLayersAsync(repository, order.Layers, cancellationToken, progress).ConfigureAwait(false);
        return report.FetchedBytes;
    }

    private async Task<(long, string?)> EvictAsync(EvictOrder order, CancellationToken cancellationToken)
    {
        var (freed, refused) = await evictor.EvictOrderedAsync(order.EvictImages, order.EvictBlobs, cancellationToken).ConfigureAwait(false);
        return (freed, refused.Count == 0 ? null : string.Join("; ", refused));
    }

    private async Task<T> ReadNodeAsync<T>(Func<NodeState, T> read, CancellationToken cancellationToken)
    {
        await node.Lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return read(node);
        }
        finally
        {
            node.Lock.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Order {OrderId} ({Kind}) done: {Bytes} bytes in {Seconds:F2} s")]
    private static partial void LogDone(ILogger logger, string orderId, OrderKind kind, long bytes, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Order {OrderId} ({Kind}) failed: {Reason}")]
    private static partial void LogFailed(ILogger logger, string orderId, OrderKind kind, string reason);
}
