using System.Text.Json.Serialization;
using LayerCache.Core.Model;

namespace LayerCache.Cluster;

/// <summary>
/// One order for one node, of one of four kinds, each a type of its own with just the fields it needs, so an order
/// that lacks what its kind needs cannot be read at all. On the wire the kind is the <c>kind</c> property, as it was
/// when orders were one record (a payload of that shape still reads). <see cref="Id"/> is chosen by whoever issues it
/// and stays the same across redeliveries, so an agent runs an order once even when the stream delivers it twice.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(PrefetchImageOrder), nameof(OrderKind.PrefetchImage))]
[JsonDerivedType(typeof(PrefetchLayersOrder), nameof(OrderKind.PrefetchLayers))]
[JsonDerivedType(typeof(EvictOrder), nameof(OrderKind.Evict))]
[JsonDerivedType(typeof(UnpackImageOrder), nameof(OrderKind.UnpackImage))]
public abstract record NodeOrder(string Id, string Node, DateTimeOffset IssuedAt)
{
    [JsonIgnore]
    public abstract OrderKind Kind { get; }

    /// <summary>Why it was issued, in a sentence for operators (<c>GET /v1/orders</c>); absent in orders of earlier builds.</summary>
    public string? Reason { get; init; }
}

/// <summary>Pull and unpack an image through CRI, as the kubelet would.</summary>
public sealed record PrefetchImageOrder(string Id, string Node, string Image, DateTimeOffset IssuedAt) : NodeOrder(Id, Node, IssuedAt)
{
    [JsonIgnore]
    public override OrderKind Kind => OrderKind.PrefetchImage;
}

/// <summary>Fetch these layers of the image's repository into the content store.</summary>
public sealed record PrefetchLayersOrder(string Id, string Node, string Image, IReadOnlyList<Layer> Layers, DateTimeOffset IssuedAt)
    : NodeOrder(Id, Node, IssuedAt)
{
    [JsonIgnore]
    public override OrderKind Kind => OrderKind.PrefetchLayers;
}

/// <summary>Remove these images (by any containerd name of theirs) and prefetched blobs.</summary>
public sealed record EvictOrder(string Id, string Node, IReadOnlyList<string> EvictImages, IReadOnlyList<Digest> EvictBlobs, DateTimeOffset IssuedAt)
    : NodeOrder(Id, Node, IssuedAt)
{
    [JsonIgnore]
    public override OrderKind Kind => OrderKind.Evict;
}

/// <summary>
/// Make the image ready to run without creating it: fetch the layers the node lacks (peers first) and unpack them
/// into committed snapshots, chain by chain as containerd's own unpacker does, so that the kubelet's later pull finds
/// every snapshot in place and only writes the image record.
/// </summary>
public sealed record UnpackImageOrder(string Id, string Node, string Image, DateTimeOffset IssuedAt) : NodeOrder(Id, Node, IssuedAt)
{
    [JsonIgnore]
    public override OrderKind Kind => OrderKind.UnpackImage;
}
