using LayerCache.Core.Model;

namespace LayerCache.Core.Costs;

/// <summary>
/// Pull time from a node's measured link: download (a request round trip plus bytes over bandwidth)
/// then unpack (bytes over the unpack rate). A blob already in the content store costs only the unpack.
/// </summary>
public sealed class BandwidthPullCostModel : PullCostModel
{
    public BandwidthPullCostModel(double bandwidthBytesPerSecond, double unpackBytesPerSecond, double requestSeconds)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bandwidthBytesPerSecond);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(unpackBytesPerSecond);
        ArgumentOutOfRangeException.ThrowIfNegative(requestSeconds);
        BandwidthBytesPerSecond = bandwidthBytesPerSecond;
        UnpackBytesPerSecond = unpackBytesPerSecond;
        RequestSeconds = requestSeconds;
    }

    public double BandwidthBytesPerSecond { get; }

    public double UnpackBytesPerSecond { get; }

    public double RequestSeconds { get; }

    public double DownloadSeconds(long sizeBytes) => RequestSeconds + (sizeBytes / BandwidthBytesPerSecond);

    public double UnpackSeconds(long sizeBytes) => sizeBytes / UnpackBytesPerSecond;

    public override PullSeconds LayerSplit(long sizeBytes, LayerState from) => from switch
    {
        LayerState.Absent or LayerState.Fetching => new(DownloadSeconds(sizeBytes), UnpackSeconds(sizeBytes)),
        LayerState.Present => new(0, UnpackSeconds(sizeBytes)),
        _ => PullSeconds.Zero,
    };
}
