using LayerCache.Core.Model;

namespace LayerCache.Containerd;

/// <summary>
/// Something a lease holds: a committed blob (<c>content</c>, by digest), an unfinished write (<c>ingests</c>, by
/// ref) or a snapshot (<c>snapshots/&lt;snapshotter&gt;</c>, by key). A lease may name a blob that does not exist
/// yet; it holds the blob from the moment it is committed.
/// </summary>
public sealed record LeaseResource(string Type, string Id)
{
    public const string ContentType = "content";

    public const string IngestType = "ingests";

    public static LeaseResource Content(Digest digest) => new(ContentType, digest.Value);

    public static LeaseResource Ingest(string reference) => new(IngestType, reference);

    /// <summary>A snapshot of <paramref name="snapshotter"/> by key (an active one) or name (a committed one).</summary>
    public static LeaseResource Snapshot(string snapshotter, string key) => new(SnapshotTypePrefix + snapshotter, key);

    public const string SnapshotTypePrefix = "snapshots/";

    /// <summary>The blob's digest when this is a blob with a well-formed digest; null otherwise.</summary>
    public Digest? ContentDigest => Type == ContentType && Digest.TryParse(Id, out var digest) ? digest : null;
}
