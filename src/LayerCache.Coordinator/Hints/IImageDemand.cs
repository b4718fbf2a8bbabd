using LayerCache.Core.Model;

namespace LayerCache.Coordinator.Hints;

/// <summary>
/// Where hints report what pods ask for. Both calls happen on the hint's hot path: they must return at once
/// and never throw for a full queue or an unreachable store.
/// </summary>
public interface IImageDemand
{
    /// <summary>A normalised reference the catalog does not hold yet; someone should resolve it from its registry.</summary>
    void Unknown(string reference);

    /// <summary>A pod asked for these (known) images; each counts once per pod toward popularity.</summary>
    void Requested(string podUid, IReadOnlyList<ContainerImage> images);
}
