namespace LayerCache.EndToEnd.Runs;

/// <summary>
/// The rates the simulator's cost model takes, measured on the site before the policies run: the uplink's bandwidth
/// and its cost per request as one node's containerd sees them, and the node's unpack rate.
/// </summary>
internal sealed record LinkCalibration(double BandwidthBytesPerSecond, double RequestSeconds, double UnpackBytesPerSecond)
{
    public override string ToString() => string.Create(
        System.Globalization.CultureInfo.InvariantCulture,
        $"uplink {BandwidthBytesPerSecond * 8 / 1e6:F1} Mbit/s as measured, {RequestSeconds * 1000:F0} ms a request, unpack {UnpackBytesPerSecond / 1e6:F0} MB/s");
}
