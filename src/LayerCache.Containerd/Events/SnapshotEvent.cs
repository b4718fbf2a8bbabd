namespace LayerCache.Containerd;

/// <summary>A snapshot was prepared, committed or removed; <see cref="Key"/> is the snapshot's key (its name once committed).</summary>
public sealed record SnapshotEvent(string Topic, string Namespace, DateTimeOffset Timestamp, SnapshotEventKind Kind, string Key)
    : ContainerdEvent(Topic, Namespace, Timestamp)
{
    /// <summary>
    /// For a commit, the key of the active snapshot that was committed (an unpack's <c>extract-&lt;unique&gt; &lt;chain id&gt;</c>),
    /// which pairs the commit with its prepare; empty for the other kinds.
    /// </summary>
    public string ActiveKey { get; init; } = string.Empty;
}
