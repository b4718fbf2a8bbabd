using System.Diagnostics.Metrics;

namespace LayerCache.Hosting.Metrics;

/// <summary>
/// The metrics of one process: a <see cref="System.Diagnostics.Metrics.Meter"/> whose instruments this creates with
/// Prometheus names, help and labels, plus the process's and the .NET runtime's own metrics, rendered in Prometheus'
/// text exposition format (version 0.0.4). Anything else listening to the meter (dotnet-counters) sees the same
/// instruments.
/// </summary>
public sealed class MetricRegistry : IDisposable
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>The name of every LayerCache service's meter.</summary>
    public const string MeterName = "LayerCache";

    private readonly MeterExposition _exposition;

    public MetricRegistry()
    {
        Meter = new Meter(MeterName);
        _exposition = new MeterExposition(Meter);
        ProcessMetrics.Register(this);
    }

    /// <summary>A registry that also exports <c>layercache_build_info{service,version} 1</c>.</summary>
    public MetricRegistry(string service, string version)
        : this()
    {
        var build = new MetricLabel[] { new("service", service), "version" };
        var tags = new KeyValuePair<string, object?>[] { new("service", service), new("version", version) };
        _exposition.Declare(new MetricFamily("layercache_build_info", "The service and version of this process; always 1.", MetricType.Gauge, build));
        Meter.CreateObservableGauge("layercache_build_info", () => new Measurement<double>(1, tags), description: "The service and version of this process; always 1.");
    }

    public Meter Meter { get; }

    public Counter Counter(string name, string help, params MetricLabel[] labels)
    {
        Declare(name, help, MetricType.Counter, labels);
        return new Counter(Meter.CreateCounter<double>(name, unit: null, description: help), labels, _exposition);
    }

    public Gauge Gauge(string name, string help, params MetricLabel[] labels)
    {
        Declare(name, help, MetricType.Gauge, labels);
        return new Gauge(Meter.CreateGauge<double>(name, unit: null, description: help), labels, _exposition);
    }

    public Histogram Histogram(string name, string help, IReadOnlyList<double> bucketBounds, params MetricLabel[] labels)
    {
        ArgumentNullException.ThrowIfNull(bucketBounds);
        if (bucketBounds.Count == 0 || bucketBounds.Zip(bucketBounds.Skip(1)).Any(p => p.First >= p.Second))
        {
            throw new ArgumentException("Bucket bounds must be given in increasing order.", nameof(bucketBounds));
        }

        Declare(name, help, MetricType.Histogram, labels, [.. bucketBounds]);
        var advice = new InstrumentAdvice<double> { HistogramBucketBoundaries = bucketBounds };
        return new Histogram(Meter.CreateHistogram(name, unit: null, description: help, tags: null, advice: advice), labels, _exposition);
    }

    /// <summary>A gauge read when the metrics are rendered (a process's memory, its open files).</summary>
    public void ObservedGauge(string name, string help, Func<double> read)
    {
        Declare(name, help, MetricType.Gauge, []);
        Meter.CreateObservableGauge(name, read, unit: null, description: help);
    }

    /// <summary>A counter kept elsewhere and read when the metrics are rendered (a process's CPU time).</summary>
    public void ObservedCounter(string name, string help, Func<double> read)
    {
        Declare(name, help, MetricType.Counter, []);
        Meter.CreateObservableCounter(name, read, unit: null, description: help);
    }

    public string Render() => _exposition.Render();

    public void Dispose()
    {
        _exposition.Dispose();
        Meter.Dispose();
    }

    private void Declare(string name, string help, MetricType type, MetricLabel[] labels, double[]? bounds = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(labels);
        if (!MetricNames.IsValid(name))
        {
            throw new ArgumentException($"'{name}' is not a valid Prometheus metric name.", nameof(name));
        }

        _exposition.Declare(new MetricFamily(name, help, type, labels, bounds));
    }
}
