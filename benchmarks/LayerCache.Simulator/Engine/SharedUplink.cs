namespace LayerCache.Simulator.Engine;

/// <summary>
/// One link to the registry shared by every node of a site, as at the edge: downloads take it in turn, so the site's
/// total download rate is the link's and a pull waits behind what is already on it. The paper's model gives each node
/// a link of its own; with one shared uplink, that model underestimates every pull made while others are under way.
/// </summary>
internal sealed class SharedUplink(double bandwidthBytesPerSecond)
{
    private double _freeAt;

    /// <summary>Reserves the link for <paramref name="sizeBytes"/> from <paramref name="from"/> on; returns when the download ends.</summary>
    public double Download(double from, long sizeBytes)
    {
        var start = Math.Max(from, _freeAt);
        _freeAt = start + (sizeBytes / bandwidthBytesPerSecond);
        return _freeAt;
    }
}
