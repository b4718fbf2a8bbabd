using System.Diagnostics.Metrics;
using System.Text;

namespace LayerCache.Hosting.Metrics;

/// <summary>
/// The series of one instrument, as a <see cref="MeterListener"/> hands its measurements in. A measurement finds its
/// series by comparing tags with those of the few series there are (no key is built), so recording allocates nothing
/// once a label set has been seen.
/// </summary>
internal sealed class InstrumentSeries(MetricFamily family, InstrumentSeries.Aggregation aggregation)
{
    private readonly Lock _adding = new();
    private Series[] _series = [];

    public enum Aggregation
    {
        /// <summary>A counter or up-down counter: each measurement is an increment.</summary>
        Sum,

        /// <summary>A gauge or an observable instrument: each measurement is the value now.</summary>
        Last,

        /// <summary>A histogram: each measurement is counted into buckets.</summary>
        Buckets,
    }

    public MetricFamily Family { get; } = family;

    public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var series = Find(tags) ?? Add(tags);
        switch (aggregation)
        {
            case Aggregation.Sum:
                series.Value.Add(value);
                break;
            case Aggregation.Last:
                series.Value.Set(value);
                break;
            default:
                series.Observe(Family.Bounds!, value);
                break;
        }
    }

    /// <summary>Creates the series of a label set (its value 0) unless it is there.</summary>
    public void Seed(IReadOnlyList<string> labelValues)
    {
        var tags = new KeyValuePair<string, object?>[labelValues.Count];
        for (var i = 0; i < tags.Length; i++)
        {
            tags[i] = new(Family.Labels[i].Name, labelValues[i]);
        }

        _ = Find(tags) ?? Add(tags);
    }

    public Series? Find(IReadOnlyList<string> labelValues) =>
        Volatile.Read(ref _series).FirstOrDefault(s => s.LabelValues.SequenceEqual(labelValues, StringComparer.Ordinal));

    public void Write(StringBuilder output)
    {
        output.Append("# HELP ").Append(Family.Name).Append(' ').Append(MetricNames.EscapeHelp(Family.Help)).Append('\n');
        output.Append("# TYPE ").Append(Family.Name).Append(' ').Append(Family.Type.ToString().ToLowerInvariant()).Append('\n');
        foreach (var series in Volatile.Read(ref _series).OrderBy(s => s.Labels, StringComparer.Ordinal))
        {
            if (Family.Type == MetricType.Histogram)
            {
                series.WriteHistogram(output, Family.Name, Family.Bounds!);
            }
            else
            {
                series.WriteValue(output, Family.Name);
            }
        }
    }

    private Series? Find(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        foreach (var series in Volatile.Read(ref _series))
        {
            if (series.Matches(tags))
            {
                return series;
            }
        }

        return null;
    }

    private Series Add(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        lock (_adding)
        {
            if (Find(tags) is { } raced)
            {
                return raced;
            }

            var series = new Series(tags, Family.Bounds?.Length ?? 0, Family.Type == MetricType.Histogram);
            Volatile.Write(ref _series, [.. _series, series]);
            return series;
        }
    }
}
