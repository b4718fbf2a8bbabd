using LayerCache.Cluster.Json;
using LayerCache.Core.Model;
using StackExchange.Redis;

namespace LayerCache.Cluster;

/// <summary>
/// Image reference to its layers, as the coordinator resolved it from the registry, shared by all replicas and
/// forgotten after <see cref="ClusterStoreOptions.ImageTtl"/> so a moved tag is resolved again.
/// </summary>
public sealed class ImageCatalog
{
    private readonly IConnectionMultiplexer _redis;
    private readonly ClusterStoreOptions _options;
    private readonly ClusterKeys _keys;

    public ImageCatalog(IConnectionMultiplexer redis, ClusterStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(redis);
        _redis = redis;
        _options = options;
        _keys = new ClusterKeys(options);
    }

    public async Task<ContainerImage?> GetAsync(string reference, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reference);
        cancellationToken.ThrowIfCancellationRequested();
        var value = await _redis.GetDatabase().StringGetAsync(_keys.Image(reference)).ConfigureAwait(false);
        return value.IsNull ? null : Payload.Read(value, ClusterJson.Default.ContainerImage);
    }

    public Task SetAsync(ContainerImage image, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(image);
        cancellationToken.ThrowIfCancellationRequested();
        return _redis.GetDatabase().StringSetAsync(
            _keys.Image(image.Reference), Payload.Write(image, ClusterJson.Default.ContainerImage), _options.ImageTtl);
    }
}
