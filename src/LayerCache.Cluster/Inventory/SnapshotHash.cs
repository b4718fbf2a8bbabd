using LayerCache.Cluster.Json;
using LayerCache.Core.Inventory;
using LayerCache.Core.Model;
using StackExchange.Redis;

namespace LayerCache.Cluster;

/// <summary>
/// A snapshot as the fields of the node's inventory hash: <c>i:REFERENCE</c> per image (by manifest digest, or
/// whole when its manifest's bytes are not known), <c>b:DIGEST</c> per leased
/// blob, <c>containers</c>, and <c>unpacked</c> (the leased blobs unpacked ahead, when any). A delta then touches only the
/// fields it changes.
/// </summary>
internal static class SnapshotHash
{
    public const string ContainersField = "containers";
    public const string UnpackedField = "unpacked";
    private const string ImagePrefix = "i:";
    private const string BlobPrefix = "b:";

    public static RedisValue ImageField(string reference) => ImagePrefix + reference;

    public static RedisValue BlobField(Digest digest) => BlobPrefix + digest.Value;

    /// <summary>
    /// The image's field: by its manifest digest (schema 2) when its manifest's bytes are known, which the writer puts
    /// in the <see cref="ManifestCatalog"/> first; otherwise whole, with its layers.
    /// </summary>
    public static HashEntry Image(ContainerImage image) =>
        new(
            ImageField(image.Reference),
            ImageByManifest.Fits(image)
                ? Payload.Write(new ImageByManifest(null, image.ManifestDigest!.Value), ClusterJson.Default.ImageByManifest, Payload.ImagesByManifestVersion)
                : Payload.Write(image, ClusterJson.Default.ContainerImage));

    public static HashEntry Blob(Layer blob) =>
        new(BlobField(blob.Digest), Payload.Write(blob, ClusterJson.Default.Layer));

    public static HashEntry Containers(IReadOnlyList<string> containerImages) =>
        new(ContainersField, Payload.Write(containerImages, ClusterJson.Default.IReadOnlyListString));

    public static HashEntry Unpacked(IReadOnlyList<Digest> blobs) =>
        new(UnpackedField, Payload.Write([.. blobs.Select(d => d.Value)], ClusterJson.Default.IReadOnlyListString));

    public static HashEntry[] Entries(InventorySnapshot snapshot)
    {
        var entries = new List<HashEntry>(snapshot.Images.Count + snapshot.LeasedBlobs.Count + 1)
        {
            Containers(snapshot.ContainerImages),
        };
        entries.AddRange(snapshot.Images.Select(Image));
        entries.AddRange(snapshot.LeasedBlobs.Select(Blob));
        entries.Add(Unpacked([.. snapshot.UnpackedBlobs.OrderBy(d => d.Value, StringComparer.Ordinal)]));
        return [.. entries];
    }

    /// <summary>
    /// The snapshot in <paramref name="entries"/>, with the images stored whole, and the images stored by manifest
    /// digest apart (their reference filled from the field), each with its field, for the reader to resolve through the
    /// catalog; a field <paramref name="images"/> has resolved before is taken as it was. A field whose payload is bad is
    /// reported to <paramref name="bad"/> (keyed by <paramref name="key"/> and the field) and left out, so one bad image
    /// does not hide the node's others.
    /// </summary>
    public static (InventorySnapshot Snapshot, IReadOnlyList<(ImageByManifest Image, HashEntry Field)> ByManifest) Read(
        HashEntry[] entries, ImageInterner? images = null, string key = "", Action<BadPayload>? bad = null)
    {
        var parsed = new List<ContainerImage>();
        var byManifest = new List<(ImageByManifest, HashEntry)>();
        var blobs = new List<Layer>();
        IReadOnlyList<string> containers = [];
        var unpacked = new HashSet<Digest>();
        foreach (var entry in entries)
        {
            if (images is not null && images.TryField(entry, out var known))
            {
                parsed.Add(known);
                continue;
            }

            var name = (string)entry.Name!;
            var value = entry.Value;
            try
            {
                if (name.StartsWith(ImagePrefix, StringComparison.Ordinal) && Payload.VersionOf((byte[])value!) == Payload.ImagesByManifestVersion)
                {
                    byManifest.Add((Payload.Read(value, ClusterJson.Default.ImageByManifest) with { Reference = name[ImagePrefix.Length..] }, entry));
                }
                else if (name.StartsWith(ImagePrefix, StringComparison.Ordinal))
                {
                    parsed.Add(images?.Read(value) ?? Payload.Read(value, ClusterJson.Default.ContainerImage));
                }
                else if (name.StartsWith(BlobPrefix, StringComparison.Ordinal))
                {
                    blobs.Add(Payload.Read(value, ClusterJson.Default.Layer));
                }
                else if (name == ContainersField)
                {
                    containers = Payload.Read(value, ClusterJson.Default.IReadOnlyListString) is { } list && list.All(c => c is not null) ? list : [];
                }
                else if (name == UnpackedField)
                {
                    unpacked = (Payload.Read(value, ClusterJson.Default.IReadOnlyListString) ?? []).Select(Digest.Parse).ToHashSet();
                }
            }
            catch (Exception e) when (BadPayload.IsBadData(e))
            {
                bad?.Invoke(new BadPayload("snapshot", $"{key} {name}", e.Message));
            }
        }

        return (new InventorySnapshot(parsed, containers, blobs) { UnpackedBlobs = unpacked }, byManifest);
    }
}
