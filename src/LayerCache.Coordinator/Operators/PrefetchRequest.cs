namespace LayerCache.Coordinator.Operators;

/// <summary>The body of <c>POST /v1/prefetch</c>: images to bring onto the named nodes, or onto every node with <see cref="All"/>.</summary>
public sealed record PrefetchRequest(IReadOnlyList<string>? Images, IReadOnlyList<string>? Nodes, bool All);
