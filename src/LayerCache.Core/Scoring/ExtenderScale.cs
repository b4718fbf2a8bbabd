namespace LayerCache.Core.Scoring;

/// <summary>
/// Maps estimated pull seconds to the scheduler extender's 0..10: the share of a cold pull on a typical node
/// (one at the default bandwidth) that the node avoids, in tenths, rounded. A node with every layer scores 10,
/// one with nothing at the typical bandwidth 0; the mapping is fixed, so equal inputs give equal scores in any call.
/// </summary>
public static class ExtenderScale
{
    public const int Max = 10;

    public static int Score(double estimatedPullSeconds, double typicalColdSeconds)
    {
        if (!(typicalColdSeconds > 0) || !double.IsFinite(estimatedPullSeconds))
        {
            return 0;
        }

        var saved = Math.Clamp(1 - (estimatedPullSeconds / typicalColdSeconds), 0, 1);

        // Rounded to 9 places first, so that sums of the same layers in another order cannot flip a tie.
        return (int)Math.Round(Math.Round(saved * Max, 9), MidpointRounding.AwayFromZero);
    }
}
