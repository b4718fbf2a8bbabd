using System.Threading.Channels;
using LayerCache.Cluster;
using LayerCache.Coordinator.Hints;
using LayerCache.Core.Model;
using LayerCache.Hosting;

namespace LayerCache.Coordinator.State;

/// <summary>
/// The <see cref="IImageDemand"/> of a coordinator with Redis: unknown images go to the local queue that
/// <see cref="ImageResolver"/> drains, and each pod's request counts in the shared popularity in Redis (once per
/// pod and image across all replicas), written in the background so a hint never waits for Redis.
/// </summary>
public sealed partial class StoreImageDemand : BackgroundLoop, IImageDemand
{
    private const int QueueLength = 4096;

    private readonly LocalImageDemand _local;
    private readonly PopularityStore _popularity;
    private readonly StoreMetrics _metrics;
    private readonly Channel<(string Pod, ContainerImage Image)> _requests =
        Channel.CreateBounded<(string, ContainerImage)>(new BoundedChannelOptions(QueueLength) { FullMode = BoundedChannelFullMode.DropWrite });

    public StoreImageDemand(LocalImageDemand local, PopularityStore popularity, StoreMetrics metrics, IHostApplicationLifetime lifetime, ILogger<StoreImageDemand> logger)
        : base(lifetime, logger)
    {
        _local = local;
        _popularity = popularity;
        _metrics = metrics;
    }

    protected override string Name => "popularity writer";

    public void Unknown(string reference) => _local.Unknown(reference);

    /// <summary>Counted in Redis only, where the planner reads popularity and each pod counts once across replicas.</summary>
    public void Requested(string podUid, IReadOnlyList<ContainerImage> images)
    {
        foreach (var image in images)
        {
            _requests.Writer.TryWrite((podUid, image));
        }
    }

    protected override async Task RunAsync(CancellationToken stoppingToken)
    {
        await foreach (var (pod, image) in _requests.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                await _popularity.RecordOnceAsync(pod, image, stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (StoreFeed.IsStoreFailure(e))
            {
                // Popularity is advice: a request lost in an outage only makes the planner a little less sure.
                _metrics.RedisErrors.Inc(1, "popularity");
            }
        }
    }
}
