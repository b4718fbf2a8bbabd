namespace LayerCache.EndToEnd.Workload;

/// <summary>Sums over the audited pods, in bytes of each pod's image (its distinct layers).</summary>
/// <param name="Pods">Pods audited.</param>
/// <param name="ImageBytes">The pods' image sizes.</param>
/// <param name="HeldBytes">What the pods' nodes held of them, by their content stores.</param>
/// <param name="ViewPods">Pods whose node and image the view knew (the rest are not in the two sums below).</param>
/// <param name="OverclaimedBytes">Bytes the view listed but the node no longer held (evicted before the view knew).</param>
/// <param name="UnderclaimedBytes">Bytes the node held but the view did not list yet (pulled or prefetched before it knew).</param>
/// <param name="OverclaimedPods">Pods placed where the view listed more than the node held.</param>
internal readonly record struct PullAuditTotals(int Pods, long ImageBytes, long HeldBytes, int ViewPods, long OverclaimedBytes, long UnderclaimedBytes, int OverclaimedPods)
{
    public long MissingBytes => ImageBytes - HeldBytes;

    public PullAuditTotals Add(long imageBytes, long heldBytes, long? viewHeldBytes)
    {
        var next = this with { Pods = Pods + 1, ImageBytes = ImageBytes + imageBytes, HeldBytes = HeldBytes + heldBytes };
        if (viewHeldBytes is not { } view)
        {
            return next;
        }

        return next with
        {
            ViewPods = ViewPods + 1,
            OverclaimedBytes = OverclaimedBytes + Math.Max(0, view - heldBytes),
            UnderclaimedBytes = UnderclaimedBytes + Math.Max(0, heldBytes - view),
            OverclaimedPods = OverclaimedPods + (view > heldBytes ? 1 : 0),
        };
    }
}
