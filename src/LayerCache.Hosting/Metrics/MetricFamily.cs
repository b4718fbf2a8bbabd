namespace LayerCache.Hosting.Metrics;

/// <summary>What the exposition writes about one instrument: its Prometheus name, help, type, labels and buckets.</summary>
internal sealed record MetricFamily(string Name, string Help, MetricType Type, IReadOnlyList<MetricLabel> Labels, double[]? Bounds = null)
{
    /// <summary>Histogram buckets for an instrument that names none (seconds, from 5 ms to 10 s).</summary>
    public static readonly double[] DefaultBounds = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    /// <summary>
    /// Every combination of the labels' known values; none when a label's values are not known. An unlabelled counter
    /// or histogram has its one series from the start; an unlabelled gauge has none until it is set (absent is not 0).
    /// </summary>
    public IEnumerable<string[]> KnownLabelSets()
    {
        IEnumerable<string[]> sets = [[]];
        if (Labels.Count == 0)
        {
            return Type == MetricType.Gauge ? [] : sets;
        }

        foreach (var label in Labels)
        {
            sets = sets.SelectMany(set => label.KnownValues.Select(value => (string[])[.. set, value]));
        }

        return sets;
    }
}
