namespace LayerCache.Coordinator.Hints;

/// <summary>Looks up an image hints do not know yet, for a hint that may wait a moment for its layers.</summary>
public interface IImageLookup
{
    /// <summary>
    /// The lookup of a normalised reference, started once however many ask. It completes (never faults) when the
    /// answer is in the view or the lookup failed; at once when the image is known or failed a moment ago.
    /// </summary>
    Task LookUpAsync(string reference);
}
