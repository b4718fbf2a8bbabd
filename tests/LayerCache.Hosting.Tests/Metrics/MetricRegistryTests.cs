using LayerCache.Hosting.Metrics;

namespace LayerCache.Hosting.Tests.Metrics;

public sealed class MetricRegistryTests
{
    private readonly MetricRegistry _registry = new();

    [Fact]
    public void Render_CounterWithLabels_TextExposition()
    {
        var evictions = _registry.Counter("layercache_evictions_total", "Evictions by reason.", "reason");
        evictions.Inc(2, "watermark");
        evictions.Inc(1, "prefetch");
        evictions.Inc(1, "watermark");

        Assert.Equal(
            "# HELP layercache_evictions_total Evictions by reason.\n" +
            "# TYPE layercache_evictions_total counter\n" +
            "layercache_evictions_total{reason=\"prefetch\"} 1\n" +
            "layercache_evictions_total{reason=\"watermark\"} 3\n",
            _registry.Render());
    }

    [Fact]
    public void Render_GaugeWithoutLabels_OneLine()
    {
        var bytes = _registry.Gauge("layercache_bytes", "Bytes held.");
        bytes.Set(1024);
        bytes.Add(-24);

        Assert.EndsWith("layercache_bytes 1000\n", _registry.Render(), StringComparison.Ordinal);
        Assert.Equal(1000, bytes.Value());
    }

    [Fact]
    public void Render_Histogram_CumulativeBucketsSumAndCount()
    {
        var latency = _registry.Histogram("layercache_hint_seconds", "Hint latency.", [0.001, 0.01, 0.1]);
        latency.Observe(0.0005);
        latency.Observe(0.005);
        latency.Observe(0.005);
        latency.Observe(5);

        // Buckets are cumulative: <=0.001: 1, <=0.01: 3, <=0.1: 3, +Inf: 4; sum = 0.0005 + 0.005 + 0.005 + 5 = 5.0105.
        var text = _registry.Render();
        Assert.Contains("layercache_hint_seconds_bucket{le=\"0.001\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("layercache_hint_seconds_bucket{le=\"0.01\"} 3\n", text, StringComparison.Ordinal);
        Assert.Contains("layercache_hint_seconds_bucket{le=\"0.1\"} 3\n", text, StringComparison.Ordinal);
        Assert.Contains("layercache_hint_seconds_bucket{le=\"+Inf\"} 4\n", text, StringComparison.Ordinal);
        Assert.Contains("layercache_hint_seconds_sum 5.0105\n", text, StringComparison.Ordinal);
        Assert.Contains("layercache_hint_seconds_count 4\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_HistogramWithLabels_AddsLeToTheLabelSet()
    {
        var seconds = _registry.Histogram("layercache_prefetch_seconds", "Prefetch time.", [1], "kind");
        seconds.Observe(0.5, "layers");

        Assert.Contains("layercache_prefetch_seconds_bucket{kind=\"layers\",le=\"1\"} 1\n", _registry.Render(), StringComparison.Ordinal);
    }

    [Fact]
    public void Render_LabelValueWithQuoteBackslashNewline_Escaped()
    {
        var errors = _registry.Counter("layercache_errors_total", "Errors.", "message");
        errors.Inc(1, "a \"b\" \\ c\nd");

        Assert.Contains("layercache_errors_total{message=\"a \\\"b\\\" \\\\ c\\nd\"} 1\n", _registry.Render(), StringComparison.Ordinal);
    }

    [Fact]
    public void Counter_NegativeIncrement_Throws()
    {
        var counter = _registry.Counter("layercache_things_total", "Things.");
        Assert.Throws<ArgumentOutOfRangeException>(() => counter.Inc(-1));
    }

    [Fact]
    public void Counter_WrongNumberOfLabels_Throws()
    {
        var counter = _registry.Counter("layercache_things_total", "Things.", "kind");
        var error = Assert.Throws<ArgumentException>(() => counter.Inc(1));
        Assert.Contains("takes 1 label values, got 0", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("9lives")]
    [InlineData("has-dash")]
    [InlineData("")]
    public void Counter_InvalidName_Throws(string name) =>
        Assert.Throws<ArgumentException>(() => _registry.Counter(name, "x"));

    [Fact]
    public void Register_SameNameTwice_Throws()
    {
        _registry.Gauge("layercache_layers", "Layers.");
        Assert.Throws<InvalidOperationException>(() => _registry.Counter("layercache_layers", "Layers again."));
    }

    [Fact]
    public void Histogram_BoundsNotIncreasing_Throws() =>
        Assert.Throws<ArgumentException>(() => _registry.Histogram("layercache_h", "h", [1, 1]));

    [Fact]
    public void Counter_ConcurrentIncrements_NoneLost()
    {
        var counter = _registry.Counter("layercache_requests_total", "Requests.");
        Parallel.For(0, 10_000, _ => counter.Inc());
        Assert.Equal(10_000, counter.Value());
    }
}
