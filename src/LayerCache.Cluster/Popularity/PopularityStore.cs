using System.IO.Hashing;
using System.Text;
using LayerCache.Cluster.Json;
using LayerCache.Core.Model;
using LayerCache.Core.Popularity;
using StackExchange.Redis;

namespace LayerCache.Cluster;

/// <summary>
/// Decayed popularity shared by every coordinator replica, the same maths as Core's <see cref="PopularityTracker"/>:
/// scores stored scaled to an epoch in two sorted sets (images, layers) under the hash tag <c>{pop}</c>, so adding is
/// one script call and reading divides by the current scale. See <see cref="PopularityScript"/> for the rebase.
/// </summary>
public sealed class PopularityStore
{
    /// <summary>The exponent (half-lives since the epoch) past which the scores are rebased.</summary>
    internal const double RebaseAfterHalfLives = 64;

    /// <summary>A count decayed below this is dropped at a rebase.</summary>
    internal const double Floor = 1e-9;

    private readonly IConnectionMultiplexer _redis;
    private readonly ClusterStoreOptions _options;
    private readonly ClusterKeys _keys;
    private readonly TimeSpan _halfLife;
    private readonly TimeProvider _time;

    public PopularityStore(IConnectionMultiplexer redis, ClusterStoreOptions options, TimeSpan halfLife, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfLessThan(halfLife, TimeSpan.FromMilliseconds(1));
        _redis = redis;
        _options = options;
        _keys = new ClusterKeys(options);
        _halfLife = halfLife;
        _time = time;
    }

    public TimeSpan HalfLife => _halfLife;

    /// <summary>Layer entries read that could not be used (and were left out): the owner counts and logs them.</summary>
    public event Action<BadPayload>? BadPayload;

    /// <summary>Counts one request for <paramref name="image"/> (and each of its distinct layers) with <paramref name="weight"/>.</summary>
    public async Task RecordAsync(ContainerImage image, double weight, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (!double.IsFinite(weight) || weight < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(weight), weight, "A request weighs a finite amount >= 0.");
        }

        cancellationToken.ThrowIfCancellationRequested();
        await RunAsync(image, weight, seen: null).ConfigureAwait(false);
    }

    /// <summary>Counts one request per (pod, image reference) within a day: true if this call counted it.</summary>
    public async Task<bool> RecordOnceAsync(string podUid, ContainerImage image, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(podUid);
        ArgumentNullException.ThrowIfNull(image);
        cancellationToken.ThrowIfCancellationRequested();
        return await RunAsync(image, 1, SeenKey(podUid, image.Reference)).ConfigureAwait(false);
    }

    /// <summary>
    /// The current scores of the <paramref name="limit"/> most popular images and layers, in a fresh
    /// <see cref="PopularityTracker"/> with this store's half-life and clock, for Core's planner.
    /// </summary>
    public async Task<PopularityTracker> LoadAsync(int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        cancellationToken.ThrowIfCancellationRequested();
        var database = _redis.GetDatabase();
        var transaction = database.CreateTransaction();
        var epochRead = transaction.StringGetAsync(_keys.PopularityEpoch);
        var imagesRead = transaction.SortedSetRangeByRankWithScoresAsync(_keys.PopularImages, 0, limit - 1, Order.Descending);
        var layersRead = transaction.SortedSetRangeByRankWithScoresAsync(_keys.PopularLayers, 0, limit - 1, Order.Descending);
        await transaction.ExecuteAsync().ConfigureAwait(false);

        var now = _time.GetUtcNow();
        var tracker = new PopularityTracker(_halfLife, _time);
        var epoch = await epochRead.ConfigureAwait(false);
        if (epoch.IsNull)
        {
            return tracker;
        }

        var scale = Math.Pow(2, -Exponent(now.ToUnixTimeMilliseconds(), (long)epoch));
        foreach (var image in await imagesRead.ConfigureAwait(false))
        {
            tracker.AddImageScore((string)image.Element!, image.Score * scale);
        }

        var layers = await layersRead.ConfigureAwait(false);
        var infos = await database.HashGetAsync(_keys.PopularLayerInfo, [.. layers.Select(layer => layer.Element)]).ConfigureAwait(false);
        for (var i = 0; i < layers.Length; i++)
        {
            // A layer without its info was pruned by a rebase between the two reads: it had decayed to nothing. One
            // whose info is bad is left out (and reported): a layer never known cannot be prefetched.
            if (infos[i].IsNull)
            {
                continue;
            }

            if (Payload.TryRead(infos[i], ClusterJson.Default.Layer, out var layer, out var reason))
            {
                tracker.AddLayerScore(layer, layers[i].Score * scale);
            }
            else
            {
                BadPayload?.Invoke(new BadPayload("popularity", $"{_keys.PopularLayerInfo} {layers[i].Element}", reason));
            }
        }

        return tracker;
    }

    private double Exponent(long nowMs, long epochMs) => (nowMs - epochMs) / _halfLife.TotalMilliseconds;

    private async Task<bool> RunAsync(ContainerImage image, double weight, RedisKey? seen)
    {
        RedisKey[] keys = seen is { } seenKey
            ? [_keys.PopularImages, _keys.PopularLayers, _keys.PopularLayerInfo, _keys.PopularityEpoch, seenKey]
            : [_keys.PopularImages, _keys.PopularLayers, _keys.PopularLayerInfo, _keys.PopularityEpoch];
        var args = new List<RedisValue>(7 + (2 * image.DistinctLayers.Count))
        {
            _time.GetUtcNow().ToUnixTimeMilliseconds(),
            (long)_halfLife.TotalMilliseconds,
            weight.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
            RebaseAfterHalfLives,
            Floor.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
            (long)_options.PopularityDedupTtl.TotalMilliseconds,
            image.Reference,
        };
        foreach (var layer in image.DistinctLayers)
        {
            args.Add(layer.Digest.Value);
            args.Add(Payload.Write(layer, ClusterJson.Default.Layer));
        }

        var result = await _redis.GetDatabase().ScriptEvaluateAsync(PopularityScript.Record, keys, [.. args]).ConfigureAwait(false);
        return (long)result == 1;
    }

    // A fixed-length hash keeps the key short whatever the reference's length.
    private RedisKey SeenKey(string podUid, string reference)
    {
        var hash = XxHash128.Hash(Encoding.UTF8.GetBytes(podUid + "\n" + reference));
        return _keys.PopularitySeen(Convert.ToHexStringLower(hash));
    }
}
