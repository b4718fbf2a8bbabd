using System.Text;

namespace LayerCache.Hosting.Metrics;

/// <summary>
/// One series of a metric: its label values and its value, or its buckets for a histogram. Updated from many threads
/// without a lock or an allocation.
/// </summary>
internal sealed class Series
{
    private readonly string[] _keys;
    private readonly object?[] _values;
    private readonly long[]? _buckets;
    private long _count;

    public Series(ReadOnlySpan<KeyValuePair<string, object?>> tags, int bucketCount, bool histogram)
    {
        _keys = new string[tags.Length];
        _values = new object?[tags.Length];
        var names = new string[tags.Length];
        var values = new string[tags.Length];
        for (var i = 0; i < tags.Length; i++)
        {
            (_keys[i], _values[i]) = (tags[i].Key, tags[i].Value);
            names[i] = MetricNames.LabelFromTag(tags[i].Key);
            values[i] = Convert.ToString(tags[i].Value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
        }

        Labels = MetricNames.FormatLabels(names, values);
        LabelValues = values;
        _buckets = histogram ? new long[bucketCount] : null;
    }

    /// <summary>The rendered label set: empty or <c>{a="b",c="d"}</c>.</summary>
    public string Labels { get; }

    public IReadOnlyList<string> LabelValues { get; }

    public Cell Value { get; } = new();

    public long Count => Interlocked.Read(ref _count);

    public bool Matches(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.Length != _keys.Length)
        {
            return false;
        }

        for (var i = 0; i < tags.Length; i++)
        {
            if (!string.Equals(tags[i].Key, _keys[i], StringComparison.Ordinal) || !Equals(tags[i].Value, _values[i]))
            {
                return false;
            }
        }

        return true;
    }

    public void Observe(double[] bounds, double value)
    {
        var i = Array.BinarySearch(bounds, value);
        i = i >= 0 ? i : ~i;
        if (i < bounds.Length)
        {
            Interlocked.Increment(ref _buckets![i]);
        }

        Value.Add(value);
        Interlocked.Increment(ref _count);
    }

    public void WriteValue(StringBuilder output, string name) =>
        output.Append(name).Append(Labels).Append(' ').Append(MetricNames.Number(Value.Value)).Append('\n');

    public void WriteHistogram(StringBuilder output, string name, double[] bounds)
    {
        long cumulative = 0;
        for (var i = 0; i < bounds.Length; i++)
        {
            cumulative += Interlocked.Read(ref _buckets![i]);
            output.Append(name).Append("_bucket").Append(MetricNames.WithLabel(Labels, "le", MetricNames.Number(bounds[i])))
                .Append(' ').Append(cumulative).Append('\n');
        }

        output.Append(name).Append("_bucket").Append(MetricNames.WithLabel(Labels, "le", "+Inf")).Append(' ').Append(Count).Append('\n');
        output.Append(name).Append("_sum").Append(Labels).Append(' ').Append(MetricNames.Number(Value.Value)).Append('\n');
        output.Append(name).Append("_count").Append(Labels).Append(' ').Append(Count).Append('\n');
    }
}
