using System.Text;

namespace LayerCache.Hosting.Metrics;

/// <summary>The metrics of one process, rendered in Prometheus' text exposition format (version 0.0.4).</summary>
public sealed class MetricRegistry
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private readonly List<Metric> _metrics = [];
    private readonly Lock _lock = new();

    public Counter Counter(string name, string help, params string[] labelNames) => Register(new Counter(name, help, labelNames));

    public Gauge Gauge(string name, string help, params string[] labelNames) => Register(new Gauge(name, help, labelNames));

    public Histogram Histogram(string name, string help, IReadOnlyList<double> bucketBounds, params string[] labelNames) =>
        Register(new Histogram(name, help, labelNames, bucketBounds));

    public string Render()
    {
        var output = new StringBuilder();
        lock (_lock)
        {
            foreach (var metric in _metrics)
            {
                metric.Write(output);
            }
        }

        return output.ToString();
    }

    private T Register<T>(T metric)
        where T : Metric
    {
        lock (_lock)
        {
            if (_metrics.Any(m => m.Name == metric.Name))
            {
                throw new InvalidOperationException($"A metric named '{metric.Name}' is already registered.");
            }

            _metrics.Add(metric);
        }

        return metric;
    }
}
