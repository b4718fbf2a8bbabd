using System.Collections.Concurrent;
using System.Threading.RateLimiting;
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
/// A lookup runs once however many ask (the demand queue, and hints that wait a moment for it: see
/// <see cref="CoordinatorOptions.UnknownImageWait"/>), at most <see cref="Parallelism"/> at a time; a reference that
/// fails is not asked for again for <see cref="StoreOptions.FailedImageRetry"/>. Only registries allowed by
/// <see cref="CoordinatorOptions.AllowedRegistries"/> are contacted; a reference on any other host is refused the same
/// way, without a connection.
/// </summary>
public sealed partial class ImageResolver : BackgroundLoop, IImageLookup
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
    private readonly CancellationToken _stopping;
    private readonly SemaphoreSlim _slots = new(Parallelism);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _failedUntil = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<Task>> _inFlight = new(StringComparer.Ordinal);
    private readonly HashSet<string> _allowed;
    private readonly TokenBucketRateLimiter _lookups;
    private readonly bool _allowNodesRegistries;

    public ImageResolver(
        LocalImageDemand demand,
        ImageCatalog catalog,
        RegistryClient registry,
        ClusterState state,
        StoreMetrics metrics,
        IOptions<StoreOptions> options,
        IOptions<CoordinatorOptions> coordinator,
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
        _allowed = new HashSet<string>(coordinator.Value.AllowedRegistries, StringComparer.OrdinalIgnoreCase);
        _allowed.UnionWith(_options.PlainHttpRegistries);
        _allowNodesRegistries = coordinator.Value.AllowedRegistries.Count == 0;
        var rate = coordinator.Value.RegistryLookupsPerSecond;
        _lookups = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = rate,
            TokensPerPeriod = rate,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        });
        _time = time;
        _logger = logger;
        _stopping = lifetime.ApplicationStopping;
    }

    protected override string Name => "image resolver";

    public override void Dispose()
    {
        _lookups.Dispose();
        base.Dispose();
    }

    protected override Task RunAsync(CancellationToken stoppingToken) =>
        Parallel.ForEachAsync(
            _demand.UnknownImages.ReadAllAsync(stoppingToken),
            new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = stoppingToken },
            ResolveAsync);

    internal async ValueTask ResolveAsync(string reference, CancellationToken cancellationToken) =>
        await LookUpAsync(reference).WaitAsync(cancellationToken).ConfigureAwait(false);

    public Task LookUpAsync(string reference)
    {
        if (_state.TryGetImage(reference, out _)
            || (_failedUntil.TryGetValue(reference, out var until) && until > _time.GetUtcNow()))
        {
            return Task.CompletedTask;
        }

        if (!MayContact(reference))
        {
            // Neither the catalog nor the registry: the answer must not tell whether the image exists anywhere.
            _failedUntil[reference] = _time.GetUtcNow() + _options.FailedImageRetry;
            _metrics.ImagesResolved.Inc(1, "not_allowed");
            return Task.CompletedTask;
        }

        // Hints keep asking while a reference resolves (the demand queue forgets it once taken): one lookup is enough.
        return _inFlight.GetOrAdd(reference, static (r, self) => new Lazy<Task>(() => self.RunLookUpAsync(r)), this).Value;
    }

    /// <summary>Whether the reference's registry is one the resolver may contact (see <see cref="CoordinatorOptions.AllowedRegistries"/>).</summary>
    private bool MayContact(string reference) =>
        ImageReference.TryParse(reference, out var parsed, out _)
        && (_allowed.Contains(parsed.Registry) || (_allowNodesRegistries && _state.HoldsImagesFrom(parsed.Registry)));

    private async Task RunLookUpAsync(string reference)
    {
        // The caller returns at once; the entry is removed only by this lookup, once it has ended.
        await Task.Yield();
        try
        {
            await _slots.WaitAsync(_stopping).ConfigureAwait(false);
            try
            {
                // Checked again: a lookup that ended before this one started has already stored the answer.
                if (!_state.TryGetImage(reference, out _))
                {
                    await ResolveOnceAsync(reference, _stopping).ConfigureAwait(false);
                }
            }
            finally
            {
                _slots.Release();
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // Shutting down: nobody waits for the answer any more.
        }
        catch (Exception e)
        {
            // The registry failed, timed out or sent what the client could not read: this reference fails, the resolver goes on.
            Failed(reference, e.Message);
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

        using (var lease = _lookups.AttemptAcquire())
        {
            if (!lease.IsAcquired)
            {
                // Over the rate: dropped, not failed; a later hint for the image asks again.
                _metrics.ImagesResolved.Inc(1, "throttled");
                return;
            }
        }

        // A registry that fails or answers nonsense throws; the lookup counts the reference as failed.
        var resolved = await _registry.ResolveAsync(reference, cancellationToken: cancellationToken).ConfigureAwait(false);
        var image = new ContainerImage(reference, resolved.Image.Layers, resolved.ManifestDigest);
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

    private void Failed(string reference, string reason)
    {
        _failedUntil[reference] = _time.GetUtcNow() + _options.FailedImageRetry;
        _metrics.ImagesResolved.Inc(1, "failed");
        LogFailed(_logger, reference, reason);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Resolved {Reference}: {Layers} layers, {Bytes} bytes")]
    private static partial void LogResolved(ILogger logger, string reference, int layers, long bytes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not resolve {Reference}: {Reason}; hints for it stay neutral")]
    private static partial void LogFailed(ILogger logger, string reference, string reason);
}
