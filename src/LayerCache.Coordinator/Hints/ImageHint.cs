namespace LayerCache.Coordinator.Hints;

/// <summary>One requested image: its normalised reference (null when not a valid reference), and its size once resolved.</summary>
public sealed record ImageHint(string Reference, string? Normalized, bool Resolved, long SizeBytes);
