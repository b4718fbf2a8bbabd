namespace LayerCache.Coordinator.Api;

/// <summary>The body of a refused hints request.</summary>
public sealed record ApiError(string Error);
