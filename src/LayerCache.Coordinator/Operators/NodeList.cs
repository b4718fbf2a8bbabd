namespace LayerCache.Coordinator.Operators;

/// <summary>The body of <c>GET /v1/nodes</c>: every node of the view, by name.</summary>
/// <param name="Stale">The view is not known to be current (Redis unreachable, or not synced yet).</param>
/// <param name="StaleReason">Why, when it is stale.</param>
public sealed record NodeList(bool Stale, string? StaleReason, DateTimeOffset? LastSynced, IReadOnlyList<NodeSummary> Nodes);
