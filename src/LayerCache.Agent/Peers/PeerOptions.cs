namespace LayerCache.Agent.Peers;

/// <summary>
/// Layers between the nodes of a site (<c>Agent:Peers</c>): the agent serves the blobs its node holds to its peers on
/// <see cref="Port"/>, and containerd, through a <c>hosts.toml</c> mirror at <see cref="MirrorPort"/>, gets blobs from
/// a peer before it goes to the registry. Both are off at 0.
/// </summary>
public sealed class PeerOptions
{
    /// <summary>Where peers fetch this node's blobs (<c>GET /v2/&lt;name&gt;/blobs/&lt;digest&gt;</c>); 0: not served.</summary>
    public int Port { get; set; }

    public string BindAddress { get; set; } = "0.0.0.0";

    /// <summary>The URL peers reach <see cref="Port"/> at (<c>http://10.0.3.7:9465</c>), published in the heartbeat.</summary>
    public string AdvertiseAddress { get; set; } = "";

    /// <summary>containerd's mirror for every registry (<c>hosts.toml</c>); 0: no mirror.</summary>
    public int MirrorPort { get; set; }

    /// <summary>
    /// Registries (<c>host[:port]</c>, or <c>_default</c> for every registry without a file of its own, containerd 1.7 and
    /// later) whose <c>hosts.toml</c> the agent writes to name its mirror first; empty: the operator writes them.
    /// </summary>
    public List<string> MirrorRegistries { get; set; } = [];

    /// <summary>Loopback: only this node's containerd asks the mirror.</summary>
    public string MirrorBindAddress { get; set; } = "127.0.0.1";

    /// <summary>The site this node is in (a node label, in <c>deploy/</c>); peers are the nodes of the same site. Empty: the one default site.</summary>
    public string Site { get; set; } = "";

    /// <summary>Blobs served to peers at once; a peer asking beyond it is told to go elsewhere (429).</summary>
    public int MaxUploads { get; set; } = 4;

    /// <summary>Cap on the bytes a second served to peers, all uploads together, so serving never starves the node's pulls; 0 for none.</summary>
    public long UploadBytesPerSecond { get; set; }

    /// <summary>A peer that sends nothing for this long is abandoned and the next source tried.</summary>
    public TimeSpan StallTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often the site's holders of each layer are read from Redis again.</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Peers tried for one blob before the registry.</summary>
    public int MaxPeersPerBlob { get; set; } = 2;
}
