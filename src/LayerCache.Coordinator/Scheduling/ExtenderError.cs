namespace LayerCache.Coordinator.Scheduling;

/// <summary>
/// The body of a refused extender request, shaped like ExtenderFilterResult's <c>Error</c>
/// (kube-scheduler reads only the status of a non-200 answer; a person reads this).
/// </summary>
public sealed record ExtenderError(string Error);
