namespace LayerCache.Simulator.Engine;

/// <summary>
/// Where one pod's start-up went before its container starts: <see cref="Wait"/> (for a node, then for transfers and
/// unpacks of layers other pulls or a prefetch bring), <see cref="Transfer"/> of its own missing layers, and
/// <see cref="Unpack"/> of the layers it unpacks or waits to see unpacked.
/// </summary>
internal struct StartSplit(double queueSeconds)
{
    public double Wait = queueSeconds;
    public double Transfer;
    public double Unpack;
}
