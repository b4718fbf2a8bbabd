using LayerCache.Core.Model;

namespace LayerCache.Cluster;

/// <summary>
/// One change of one node's inventory. <see cref="Sequence"/> is per node and grows by exactly one per delta.
/// <see cref="Reset"/> means the node's snapshot was rewritten as a whole: the delta carries no changes and a
/// reader resyncs that node from the snapshot.
/// </summary>
/// <param name="ImagesAdded">Images new on the node, or whose layers changed (they replace the old entry).</param>
/// <param name="ContainerImages">The full list of images containers use, or null when it did not change.</param>
public sealed record InventoryDelta(
    string Node,
    long Sequence,
    bool Reset,
    IReadOnlyList<ContainerImage> ImagesAdded,
    IReadOnlyList<string> ImagesRemoved,
    IReadOnlyList<Layer> BlobsAdded,
    IReadOnlyList<Digest> BlobsRemoved,
    IReadOnlyList<string>? ContainerImages)
{
    /// <summary>The full list of leased blobs unpacked ahead, or null when it did not change (and in deltas of earlier builds).</summary>
    public IReadOnlyList<Digest>? UnpackedBlobs { get; init; }

    /// <summary>
    /// On the wire only (schema 2): images added that are stored by manifest digest, their layers in the manifest
    /// catalog. The reader resolves them into <see cref="ImagesAdded"/>, so a delta it returns carries none.
    /// </summary>
    public IReadOnlyList<ImageByManifest>? ImagesAddedByManifest { get; init; }
}
