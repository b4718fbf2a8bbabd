namespace LayerCache.Coordinator.Operators;

/// <summary>A node that got no order for an image, and why.</summary>
public sealed record PrefetchSkip(string Node, string Image, string Reason);
