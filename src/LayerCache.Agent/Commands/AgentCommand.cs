namespace LayerCache.Agent.Commands;

/// <summary>One of the agent's one-shot commands (<c>prefetch</c>, <c>inventory</c>) as its command line gave it.</summary>
public sealed record AgentCommand(string Verb, string Socket, string Namespace, string? Image, bool LayersOnly, bool PlainHttp, bool Json)
{
    /// <summary><c>prefetch --unpack</c>: fetch what the node lacks and unpack it into snapshots, without an image record.</summary>
    public bool Unpack { get; init; }

    /// <summary>The snapshotter to unpack into (the CRI plugin's).</summary>
    public string Snapshotter { get; init; } = new AgentOptions().Snapshotter;
}
