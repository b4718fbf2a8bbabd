namespace LayerCache.Core.Costs;

/// <summary>
/// What making layers usable on a node costs, split in two: <see cref="TransferSeconds"/> to bring the bytes (from the
/// registry or a peer) and <see cref="UnpackSeconds"/> to unpack them into snapshots. A layer in the content store pays
/// only the unpack; an unpacked one pays nothing.
/// </summary>
public readonly record struct PullSeconds(double TransferSeconds, double UnpackSeconds)
{
    public static PullSeconds Zero => default;

    public double TotalSeconds => TransferSeconds + UnpackSeconds;

    public static PullSeconds operator +(PullSeconds a, PullSeconds b) =>
        new(a.TransferSeconds + b.TransferSeconds, a.UnpackSeconds + b.UnpackSeconds);
}
