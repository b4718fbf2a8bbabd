using LayerCache.Core.Model;

namespace LayerCache.Core.Prefetch;

/// <summary>
/// Unpack <see cref="Image"/>'s layers, whose content the node named <see cref="NodeName"/> holds, into snapshots ahead
/// of any pod. <see cref="ExpectedRequests"/> is the node's share of the image's decayed requests;
/// <see cref="UnpackSeconds"/> what each of those pod starts saves; <see cref="SnapshotBytes"/> the disk it costs beside
/// the blobs; <see cref="Priority"/> the seconds saved per snapshot byte.
/// </summary>
public sealed record UnpackOrder(
    string NodeName,
    ContainerImage Image,
    double ExpectedRequests,
    double UnpackSeconds,
    long SnapshotBytes,
    double Priority);
