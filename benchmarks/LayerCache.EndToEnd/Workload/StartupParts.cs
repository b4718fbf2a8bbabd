namespace LayerCache.EndToEnd.Workload;

/// <summary>
/// A pod's start-up in four parts that add up to it: the wait for a slot, the transfer and the unpack of its CRI
/// PullImage (the pull less the unpack its node's containerd logged for it; both 0 when the image was there), and the
/// start, the rest (the CRI image status check of a pod that did not pull, the container's create and start).
/// </summary>
internal readonly record struct StartupParts(double WaitSeconds, double TransferSeconds, double UnpackSeconds, double StartSeconds)
{
    public double TotalSeconds => WaitSeconds + TransferSeconds + UnpackSeconds + StartSeconds;

    /// <param name="unpackSeconds">What <see cref="UnpackAttribution"/> found of the pod's pull; no more than the pull counts.</param>
    public static StartupParts Of(PodOutcome pod, double unpackSeconds)
    {
        var pull = pod.Pulled ? pod.PullSeconds : 0;
        var unpack = Math.Clamp(unpackSeconds, 0, pull);
        return new StartupParts(pod.WaitSeconds, pull - unpack, unpack, pod.StartupSeconds - pod.WaitSeconds - pull);
    }

    /// <summary>Each part's mean over the pods, which add up to the mean start-up.</summary>
    public static StartupParts Mean(IReadOnlyList<StartupParts> pods) => pods.Count == 0
        ? default
        : new(pods.Average(p => p.WaitSeconds), pods.Average(p => p.TransferSeconds), pods.Average(p => p.UnpackSeconds), pods.Average(p => p.StartSeconds));
}
