using LayerCache.Core.Model;
using StackExchange.Redis;

namespace LayerCache.Cluster;

/// <summary>
/// Every key of the schema (docs/redis-schema.md). The keys of one node share the hash tag <c>{node:NAME}</c>, and the
/// popularity keys share <c>{pop}</c>, so what is written together in one MULTI or script lives in one cluster slot.
/// </summary>
internal sealed class ClusterKeys
{
    public const string OrderGroup = "agents";

    private readonly string _prefix;

    public ClusterKeys(ClusterStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.KeyPrefix);
        _prefix = options.KeyPrefix;
    }

    /// <summary>Hash: the node's inventory snapshot, one field per image, per leased blob, and the container list.</summary>
    public RedisKey Inventory(string node) => NodeKey(node, "inv");

    /// <summary>String: the sequence of the last delta the snapshot includes.</summary>
    public RedisKey Sequence(string node) => NodeKey(node, "seq");

    /// <summary>Stream: orders for the node, read by consumer group <see cref="OrderGroup"/>.</summary>
    public RedisKey Orders(string node) => NodeKey(node, "orders");

    /// <summary>Sorted set: ids of the node's completed orders, scored by completion time.</summary>
    public RedisKey Done(string node) => NodeKey(node, "done");

    /// <summary>Hash: order id to the bytes the node has fetched of it so far, while the order runs.</summary>
    public RedisKey Progress(string node) => NodeKey(node, "progress");

    /// <summary>Hash: node name to its last heartbeat.</summary>
    public RedisKey Nodes => $"{_prefix}:nodes";

    /// <summary>Stream: every node's inventory deltas.</summary>
    public RedisKey Deltas => $"{_prefix}:deltas";

    /// <summary>Stream: every node's order outcomes.</summary>
    public RedisKey Outcomes => $"{_prefix}:outcomes";

    /// <summary>String: one resolved image, with expiry.</summary>
    public RedisKey Image(string reference) => $"{_prefix}:image:{reference}";

    /// <summary>String with expiry: an image manifest's own bytes, under their digest, for every node that holds it.</summary>
    public RedisKey Manifest(Digest digest) => $"{_prefix}:manifest:{digest.Value}";

    /// <summary>Sorted set: image reference to scaled popularity.</summary>
    public RedisKey PopularImages => $"{_prefix}:{{pop}}:images";

    /// <summary>Sorted set: layer digest to scaled popularity.</summary>
    public RedisKey PopularLayers => $"{_prefix}:{{pop}}:layers";

    /// <summary>Hash: layer digest to the layer (size, media type) for the layers in <see cref="PopularLayers"/>.</summary>
    public RedisKey PopularLayerInfo => $"{_prefix}:{{pop}}:layer-info";

    /// <summary>String: the epoch (Unix milliseconds) the scaled popularity scores are relative to.</summary>
    public RedisKey PopularityEpoch => $"{_prefix}:{{pop}}:epoch";

    /// <summary>String with expiry: one pod's request for one image was counted (the suffix is a hash of both).</summary>
    public RedisKey PopularitySeen(string hash) => $"{_prefix}:{{pop}}:seen:{hash}";

    /// <summary>String with expiry: the planner leader's token.</summary>
    public RedisKey Leader => $"{_prefix}:{{planner}}:leader";

    private RedisKey NodeKey(string node, string suffix)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(node);
        return $"{_prefix}:{{node:{node}}}:{suffix}";
    }
}
