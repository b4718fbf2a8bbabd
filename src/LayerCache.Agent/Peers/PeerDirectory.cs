using LayerCache.Cluster;
using LayerCache.Core.Model;
using Microsoft.Extensions.Options;

namespace LayerCache.Agent.Peers;

/// <summary>
/// Which peers of this node's site hold which blob: read from the heartbeats and inventories in Redis every
/// <see cref="PeerOptions.RefreshInterval"/> and held here between reads, so a pull asks no one but this table.
/// Heartbeats are other nodes' word: a peer without a usable address, or silent for three heartbeats, is left out.
/// </summary>
public sealed partial class PeerDirectory(IOptions<AgentOptions> options, TimeProvider time, ILogger<PeerDirectory> logger)
{
    private static readonly IReadOnlyDictionary<Digest, PeerBlob[]> Empty = new Dictionary<Digest, PeerBlob[]>();

    private readonly AgentOptions _options = options.Value;
    private readonly HashSet<string> _refusedAddresses = new(StringComparer.Ordinal);
    private IReadOnlyDictionary<Digest, PeerBlob[]> _holders = Empty;

    /// <summary>Peers in the table at the last read.</summary>
    public int Peers { get; private set; }

    /// <summary>The peers that hold <paramref name="digest"/>, in an order that spreads the asking over them.</summary>
    public IReadOnlyList<PeerBlob> Holders(Digest digest)
    {
        if (!Volatile.Read(ref _holders).TryGetValue(digest, out var holders))
        {
            return [];
        }

        // Rotated by a per-call random start, so the nodes asking for one popular layer do not all ask the same peer.
        var start = Random.Shared.Next(holders.Length);
        return [.. holders[start..], .. holders[..start]];
    }

    /// <summary>Reads the site's peers and their blobs afresh.</summary>
    public async Task RefreshAsync(InventoryReader reader, CancellationToken cancellationToken)
    {
        var site = _options.Peers.Site;
        var oldest = time.GetUtcNow() - (3 * _options.HeartbeatInterval) - _options.Peers.RefreshInterval;
        var holders = new Dictionary<Digest, List<PeerBlob>>();
        var peers = 0;
        foreach (var heartbeat in await reader.ReadNodesAsync(cancellationToken).ConfigureAwait(false))
        {
            if (heartbeat.Node == _options.NodeName || heartbeat.PeerAddress is null || (heartbeat.Site ?? "") != site || heartbeat.At < oldest)
            {
                continue;
            }

            if (!PeerAddress.TryParse(heartbeat.PeerAddress, out var address))
            {
                if (_refusedAddresses.Add(heartbeat.Node))
                {
                    LogBadAddress(logger, heartbeat.Node, heartbeat.PeerAddress);
                }

                continue;
            }

            if (await reader.ReadSnapshotAsync(heartbeat.Node, cancellationToken).ConfigureAwait(false) is not { } inventory)
            {
                continue;
            }

            peers++;
            var snapshot = inventory.Snapshot;
            foreach (var layer in snapshot.Images.SelectMany(i => i.DistinctLayers).Concat(snapshot.LeasedBlobs).DistinctBy(l => l.Digest))
            {
                if (!holders.TryGetValue(layer.Digest, out var list))
                {
                    holders[layer.Digest] = list = [];
                }

                list.Add(new PeerBlob(heartbeat.Node, address, layer.Digest, layer.SizeBytes));
            }
        }

        Volatile.Write(ref _holders, holders.ToDictionary(h => h.Key, h => h.Value.ToArray()));
        Peers = peers;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Node {Node} advertises '{Address}' to its peers, which is not an http(s) URL of a host and port; it is not asked for blobs")]
    private static partial void LogBadAddress(ILogger logger, string node, string address);
}
