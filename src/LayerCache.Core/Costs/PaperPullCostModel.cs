using LayerCache.Core.Model;

namespace LayerCache.Core.Costs;

/// <summary>
/// The per-layer pull time Fu et al. (HotEdge '20) fitted to their ECR measurements:
/// 184 ms for a layer of at most 100 KB, else 2.504e-5 ms a byte plus 367.4 ms.
/// The model does not separate download from unpack: the whole time counts as transfer, and a layer on the node costs nothing.
/// </summary>
public sealed class PaperPullCostModel : PullCostModel
{
    public const long SmallLayerBytes = 100_000;
    public const double SmallLayerSeconds = 0.184;
    public const double SecondsPerByte = 2.504e-8;
    public const double PerLayerSeconds = 0.3674;

    public static PaperPullCostModel Instance { get; } = new();

    public override PullSeconds LayerSplit(long sizeBytes, LayerState from) => from switch
    {
        LayerState.Absent => new(sizeBytes <= SmallLayerBytes ? SmallLayerSeconds : (SecondsPerByte * sizeBytes) + PerLayerSeconds, 0),
        _ => PullSeconds.Zero,
    };
}
