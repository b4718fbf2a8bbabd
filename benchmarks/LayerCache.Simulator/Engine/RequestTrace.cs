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

    /// <summary>A trace given request by request (a recorded one, or a case worked out by hand).</summary>
    public static RequestTrace From(IReadOnlyList<double> arrivalSeconds, IReadOnlyList<int> imageRanks, IReadOnlyList<double> runSeconds)
    {
        if (arrivalSeconds.Count != imageRanks.Count || arrivalSeconds.Count != runSeconds.Count)
        {
            throw new ArgumentException("a trace needs as many image ranks and run times as arrivals");
        }

        for (var i = 0; i < arrivalSeconds.Count; i++)
        {
            if (arrivalSeconds[i] < 0 || (i > 0 && arrivalSeconds[i] < arrivalSeconds[i - 1]) || imageRanks[i] < 0 || runSeconds[i] < 0)
            {
                throw new ArgumentException($"request {i}: arrivals must not decrease, and no value may be negative");
            }
        }

        return new RequestTrace([.. arrivalSeconds], [.. imageRanks], [.. runSeconds]);
    }

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
