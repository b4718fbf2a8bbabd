using System.Text;

namespace LayerCache.Hosting.Metrics;

/// <summary>Observations counted into cumulative buckets, with their sum and count (latencies, sizes).</summary>
public sealed class Histogram : Metric
{
    private readonly double[] _bounds;

    internal Histogram(string name, string help, IReadOnlyList<string> labelNames, IReadOnlyList<double> bucketBounds)
        : base(name, help, MetricType.Histogram, labelNames)
    {
        if (bucketBounds.Count == 0 || bucketBounds.Zip(bucketBounds.Skip(1)).Any(p => p.First >= p.Second))
        {
            throw new ArgumentException("Bucket bounds must be given in increasing order.", nameof(bucketBounds));
        }

        _bounds = [.. bucketBounds];
    }

    public void Observe(double value, params string[] labelValues) => Series(labelValues, () => new Buckets(_bounds.Length)).Observe(_bounds, value);

    public long Count(params string[] labelValues) => Series(labelValues, () => new Buckets(_bounds.Length)).Count;

    protected override void WriteSeries(StringBuilder output, string labels, object series)
    {
        var buckets = (Buckets)series;
        long cumulative = 0;
        for (var i = 0; i < _bounds.Length; i++)
        {
            cumulative += Interlocked.Read(ref buckets.Counts[i]);
            output.Append(Name).Append("_bucket").Append(MetricNames.WithLabel(labels, "le", MetricNames.Number(_bounds[i])))
                .Append(' ').Append(cumulative).Append('\n');
        }

        output.Append(Name).Append("_bucket").Append(MetricNames.WithLabel(labels, "le", "+Inf")).Append(' ').Append(buckets.Count).Append('\n');
        output.Append(Name).Append("_sum").Append(labels).Append(' ').Append(MetricNames.Number(buckets.Sum.Value)).Append('\n');
        output.Append(Name).Append("_count").Append(labels).Append(' ').Append(buckets.Count).Append('\n');
    }

    private sealed class Buckets(int bounds)
    {
        private long _count;

        public long[] Counts { get; } = new long[bounds];

        public Cell Sum { get; } = new();

        public long Count => Interlocked.Read(ref _count);

        public void Observe(double[] bounds, double value)
        {
            var i = Array.BinarySearch(bounds, value);
            i = i >= 0 ? i : ~i;
            if (i < bounds.Length)
            {
                Interlocked.Increment(ref Counts[i]);
            }

            Sum.Add(value);
            Interlocked.Increment(ref _count);
        }
    }
}
