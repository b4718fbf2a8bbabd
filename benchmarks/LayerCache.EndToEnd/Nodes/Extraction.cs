using LayerCache.Core.Model;

namespace LayerCache.EndToEnd.Nodes;

/// <summary>
/// One layer unpacked by containerd into a snapshot: prepared (<c>extract-&lt;unique&gt; &lt;chain id&gt;</c>), applied,
/// and committed under the chain ID, or removed when another unpack committed the chain first. Times are
/// containerd's, from its event stream.
/// </summary>
/// <param name="BlobCommittedAt">When the layer's blob was committed to the content store, if it was found there.</param>
internal sealed record Extraction(Digest Chain, DateTimeOffset PreparedAt, DateTimeOffset EndedAt, DateTimeOffset? BlobCommittedAt, bool Committed)
{
    /// <summary>
    /// Seconds spent unpacking: from the later of the prepare and the blob's arrival to the end. containerd prepares the
    /// snapshot before it waits for the blob, so the time before the blob was there is the transfer's, not the unpack's.
    /// </summary>
    public double UnpackSeconds
    {
        get
        {
            var from = BlobCommittedAt is { } blob && blob > PreparedAt ? blob : PreparedAt;
            return Math.Max(0, (EndedAt - from).TotalSeconds);
        }
    }
}
