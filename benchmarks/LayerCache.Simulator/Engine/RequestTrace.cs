namespace LayerCache.Simulator.Engine;

/// <summary>
/// The requests of one run, drawn once so that every policy sees the same ones: Poisson arrivals,
/// an image by Zipf rank, a run time uniform in [min, max].
/// </summary>
public sealed class RequestTrace
{
    private RequestTrace(double[] arrivals, int[] images, double[] runSeconds)
    {
        ArrivalSeconds = arrivals;
        ImageRanks = images;
        RunSeconds = runSeconds;
    }

    public IReadOnlyList<double> ArrivalSeconds { get; }

    /// <summary>Index of each request's image in the corpus ranked by pulls, most pulled first.</summary>
    public IReadOnlyList<int> ImageRanks { get; }

    public IReadOnlyList<double> RunSeconds { get; }

    public int Count => ArrivalSeconds.Count;

    public static RequestTrace Generate(int imageCount, ClusterSettings settings)
    {
        var random = new Random(settings.Seed);
        var zipf = new ZipfDistribution(imageCount, settings.ZipfExponent);
        var arrivals = new List<double>((int)(settings.RequestsPerSecond * settings.DurationSeconds * 1.1));
        var images = new List<int>(arrivals.Capacity);
        var runs = new List<double>(arrivals.Capacity);
        var t = 0.0;
        while (true)
        {
            t += -Math.Log(1 - random.NextDouble()) / settings.RequestsPerSecond;
            if (t >= settings.DurationSeconds)
            {
                break;
            }

            arrivals.Add(t);
            images.Add(zipf.Sample(random));
            runs.Add(settings.RunMinSeconds + (random.NextDouble() * (settings.RunMaxSeconds - settings.RunMinSeconds)));
        }

        return new RequestTrace([.. arrivals], [.. images], [.. runs]);
    }
}
