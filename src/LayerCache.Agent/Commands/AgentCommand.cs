namespace LayerCache.Agent.Commands;

/// <summary>One of the agent's one-shot commands (<c>prefetch</c>, <c>inventory</c>) as its command line gave it.</summary>
public sealed record AgentCommand(string Verb, string Socket, string Namespace, string? Image, bool LayersOnly, bool PlainHttp, bool Json);
