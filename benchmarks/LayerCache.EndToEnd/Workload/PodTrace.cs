using LayerCache.Simulator.Engine;

namespace LayerCache.EndToEnd.Workload;

/// <summary>
/// The pods of a run, drawn once with the simulator's own generator so that every policy, and the simulator beside
/// them, replays the same arrivals, images and lifetimes: Poisson arrivals, an image by Zipf rank, a run time uniform
/// in [min, max].
/// </summary>
internal static class PodTrace
{
    public static RequestTrace Generate(int imageCount, int pods, ClusterSettings settings)
    {
        var duration = (pods / settings.RequestsPerSecond * 1.5) + 10;
        while (true)
        {
            var trace = RequestTrace.Generate(imageCount, settings with { DurationSeconds = duration });
            if (trace.Count >= pods)
            {
                return RequestTrace.From(
                    [.. trace.ArrivalSeconds.Take(pods)],
                    [.. trace.ImageRanks.Take(pods)],
                    [.. trace.RunSeconds.Take(pods)]);
            }

            duration *= 2;
        }
    }
}
