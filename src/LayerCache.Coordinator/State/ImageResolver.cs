using System.Collections.Concurrent;
using LayerCache.Cluster;
using LayerCache.Coordinator.Hints;
using LayerCache.Coordinator.View;
using LayerCache.Core.Model;
using LayerCache.Hosting;
using LayerCache.Registry;
using Microsoft.Extensions.Options;

namespace LayerCache.Coordinator.State;

/// <summary>
/// Resolves the images hints asked for before their layers were known: from the shared catalog in Redis when another
/// replica already did, else from the image's registry, and stores the answer in both the catalog and the view.
/// Hints never wait for it; a reference that fails is not asked for again for <see cref="StoreOptions.FailedImageRetry"/>.
/// </summary>
public sealed partial class ImageResolver : BackgroundLoop
{
    private const int Parallelism = 4;

    private readonly LocalImageDemand _demand;
    private readonly ImageCatalog _catalog;
    private readonly RegistryClient _registry;
    private readonly ClusterState _state;
    private readonly StoreMetrics _metrics;
    private readonly StoreOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<ImageResolver> _logger;
    private readonly ConcurrentDictionary<string, DateTimeOffset> _failedUntil = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _inFlight = new(StringComparer.Ordinal);

    public ImageResolver(
        LocalImageDemand demand,
        ImageCatalog catalog,
        RegistryClient registry,
        ClusterState state,
        StoreMetrics metrics,
        IOptions<StoreOptions> options,
        TimeProvider time,
        IHostApplicationLifetime lifetime,
        ILogger<ImageResolver> logger)
        : base(lifetime, logger)
    {
        _demand = demand;
        _catalog = catalog;
        _registry = registry;
        _state = state;
        _metrics = metrics;
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    protected override string Name => "image resolver";

    protected override Task RunAsync(CancellationToken stoppingToken) =>
        Parallel.ForEachAsync(
            _demand.UnknownImages.ReadAllAsync(stoppingToken),
            new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = stoppingToken },
            ResolveAsync);

    internal async ValueTask ResolveAsync(string reference, CancellationToken cancellationToken)
    {
        if (_state.TryGetImage(reference, out _)
            || (_failedUntil.TryGetValue(reference, out var until) && until > _time.GetUtcNow()))
        {
            return;
        }

        // Hints keep asking while a reference resolves (the demand queue forgets it once taken): one lookup is enough.
        if (!_inFlight.TryAdd(reference, 0))
        {
            return;
        }

        try
        {
            // Checked again: a lookup that ended between the first check and this one has already stored the answer.
            if (!_state.TryGetImage(reference, out _))
            {
                await ResolveOnceAsync(reference, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _inFlight.TryRemove(reference, out _);
        }
    }

    private async Task ResolveOnceAsync(string reference, CancellationToken cancellationToken)
    {
        try
        {
            if (await _catalog.GetAsync(reference, cancellationToken).ConfigureAwait(false) is { } cached)
            {
                _state.SetImage(cached);
                _metrics.ImagesResolved.Inc(1, "catalog");
                return;
            }
        }
        catch (Exception e) when (StoreFeed.IsStoreFailure(e))
        {
            // The registry can still answer; the catalog is only shared work.
            _metrics.RedisErrors.Inc(1, "catalog");
        }

        ContainerImage image;
        try
        {
            var resolved = await _registry.ResolveAsync(reference, cancellationToken: cancellationToken).ConfigureAwait(false);
            image = new ContainerImage(reference, resolved.Image.Layers, resolved.ManifestDigest);
        }
        catch (Exception e) when (e is RegistryException or HttpRequestException or ArgumentException or FormatException
            || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            _failedUntil[reference] = _time.GetUtcNow() + _options.FailedImageRetry;
            _metrics.ImagesResolved.Inc(1, "failed");
            LogFailed(_logger, reference, e.Message);
            return;
        }

        _failedUntil.TryRemove(reference, out _);
        _state.SetImage(image);
        _metrics.ImagesResolved.Inc(1, "registry");
        LogResolved(_logger, reference, image.DistinctLayers.Count, image.SizeBytes);
        try
        {
            await _catalog.SetAsync(image, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (StoreFeed.IsStoreFailure(e))
        {
            _metrics.RedisErrors.Inc(1, "catalog");
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Resolved {Reference}: {Layers} layers, {Bytes} bytes")]
    private static partial void LogResolved(ILogger logger, string reference, int layers, long bytes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not resolve {Reference}: {Reason}; hints for it stay neutral")]
    private static partial void LogFailed(ILogger logger, string reference, string reason);
}
