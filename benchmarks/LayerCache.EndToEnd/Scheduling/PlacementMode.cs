namespace LayerCache.EndToEnd.Scheduling;

/// <summary>Which scores decide where a pod goes: the baselines and LayerCache.</summary>
internal enum PlacementMode
{
    /// <summary>LeastAllocated only: where images are plays no part.</summary>
    Agnostic,

    /// <summary>LeastAllocated and ImageLocality, kube-scheduler's default for image placement.</summary>
    ImageLocality,

    /// <summary>LeastAllocated and the LayerCache coordinator's prioritize answer.</summary>
    Extender,
}
