using System.Diagnostics.Metrics;
using LayerCache.Hosting.Metrics;

namespace LayerCache.Hosting.Tests.Metrics;

public sealed class MetricRegistryTests : IDisposable
{
    private readonly MetricRegistry _registry = new();

    [Fact]
    public void Render_CounterWithLabels_TextExposition()
    {
        var evictions = _registry.Counter("layercache_evictions_total", "Evictions by reason.", "reason");
        evictions.Inc(2, "watermark");
        evictions.Inc(1, "prefetch");
        evictions.Inc(1, "watermark");

        Assert.Contains(
            "# HELP layercache_evictions_total Evictions by reason.\n" +
            "# TYPE layercache_evictions_total counter\n" +
            "layercache_evictions_total{reason=\"prefetch\"} 1\n" +
            "layercache_evictions_total{reason=\"watermark\"} 3\n",
            _registry.Render(),
            StringComparison.Ordinal);
    }

    [Fact]
    public void Render_GaugeWithoutLabels_LastValueSet()
    {
        var bytes = _registry.Gauge("layercache_bytes", "Bytes held.");
        bytes.Set(1024);
        bytes.Set(1000);

        Assert.Contains("\nlayercache_bytes 1000\n", _registry.Render(), StringComparison.Ordinal);
        Assert.Equal(1000, bytes.Value());
    }

    [Fact]
    public void Render_KnownLabelValues_EveryCombinationAtZeroBeforeFirstUse()
    {
        _registry.Counter(
            "layercache_order_outcomes_total", "Outcomes.", new MetricLabel("kind", "evict", "prefetch_layers"), new MetricLabel("result", "succeeded", "failed"));

        var text = _registry.Render();

        Assert.Contains("layercache_order_outcomes_total{kind=\"evict\",result=\"failed\"} 0\n", text, StringComparison.Ordinal);
        Assert.Contains("layercache_order_outcomes_total{kind=\"evict\",result=\"succeeded\"} 0\n", text, StringComparison.Ordinal);
        Assert.Contains("layercache_order_outcomes_total{kind=\"prefetch_layers\",result=\"failed\"} 0\n", text, StringComparison.Ordinal);
        Assert.Contains("layercache_order_outcomes_total{kind=\"prefetch_layers\",result=\"succeeded\"} 0\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_UnlabelledCounterAndHistogramAtZero_UnlabelledGaugeAbsentUntilSet()
    {
        _registry.Counter("layercache_rounds_total", "Rounds.");
        _registry.Histogram("layercache_sync_seconds", "Sync.", [1]);
        _registry.Gauge("layercache_connected", "Connected.");

        var text = _registry.Render();

        Assert.Contains("\nlayercache_rounds_total 0\n", text, StringComparison.Ordinal);
        Assert.Contains("\nlayercache_sync_seconds_count 0\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\nlayercache_connected ", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_LabelWithOpenValues_NoSeriesBeforeFirstUse()
    {
        _registry.Counter("layercache_config_errors_total", "Errors.", "file");
        Assert.DoesNotContain("layercache_config_errors_total{", _registry.Render(), StringComparison.Ordinal);
    }

    [Fact]
    public void MetricLabel_KnownValueNotSnakeCase_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => new MetricLabel("kind", "PrefetchLayers"));
        Assert.Contains("not snake_case", error.Message, StringComparison.Ordinal);
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
        Assert.Contains("# TYPE layercache_hint_seconds histogram\n", text, StringComparison.Ordinal);
        Assert.Contains("layercache_hint_seconds_bucket{le=\"0.001\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("layercache_hint_seconds_bucket{le=\"0.01\"} 3\n", text, StringComparison.Ordinal);
        Assert.Contains("layercache_hint_seconds_bucket{le=\"0.1\"} 3\n", text, StringComparison.Ordinal);
        Assert.Contains("layercache_hint_seconds_bucket{le=\"+Inf\"} 4\n", text, StringComparison.Ordinal);
        Assert.Contains("layercache_hint_seconds_sum 5.0105\n", text, StringComparison.Ordinal);
        Assert.Contains("layercache_hint_seconds_count 4\n", text, StringComparison.Ordinal);
        Assert.Equal(4, latency.Count());
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
    public void Render_BuildInfo_ServiceAndVersionAtOne()
    {
        using var registry = new MetricRegistry("coordinator", "0.4.0+abc123");
        Assert.Contains("layercache_build_info{service=\"coordinator\",version=\"0.4.0+abc123\"} 1\n", registry.Render(), StringComparison.Ordinal);
    }

    [Fact]
    public void Render_ProcessMetrics_ReadFromThisProcess()
    {
        var text = _registry.Render();

        var started = DateTimeOffset.FromUnixTimeMilliseconds((long)(Sample(text, "process_start_time_seconds") * 1000));
        Assert.InRange(started, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow);
        Assert.InRange(Sample(text, "process_resident_memory_bytes"), 1 << 20, 1L << 40);
        Assert.InRange(Sample(text, "process_virtual_memory_bytes"), 1 << 20, double.MaxValue);
        Assert.InRange(Sample(text, "process_open_fds"), 3, Sample(text, "process_max_fds"));
        Assert.InRange(Sample(text, "process_cpu_seconds_total"), 0.01, 1e6);
        Assert.Contains("# TYPE process_cpu_seconds_total counter\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_RuntimeMeter_GcHeapAndThreadPoolUnderPrometheusNames()
    {
        GC.Collect(0);
        var text = _registry.Render();

        Assert.Contains("# TYPE dotnet_gc_collections_total counter\n", text, StringComparison.Ordinal);
        Assert.Contains("dotnet_gc_collections_total{gc_heap_generation=\"gen0\"} ", text, StringComparison.Ordinal);
        Assert.InRange(Sample(text, "dotnet_gc_heap_total_allocated_bytes_total"), 1, double.MaxValue);
        Assert.Contains("# TYPE dotnet_thread_pool_thread_count gauge\n", text, StringComparison.Ordinal);
        Assert.InRange(Sample(text, "dotnet_thread_pool_thread_count"), 1, 10_000);
    }

    [Fact]
    public void Counter_IncrementWithTwoLabels_AllocatesNothingOnceTheSeriesExists()
    {
        var requests = _registry.Counter("layercache_hint_requests_total", "Requests.", "route", "outcome");
        var seconds = _registry.Histogram("layercache_hint_seconds", "Latency.", [0.001, 0.01], "route");
        requests.Inc(1, "prioritize", "ok");
        seconds.Observe(0.002, "prioritize");

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10_000; i++)
        {
            requests.Inc(1, "prioritize", "ok");
            seconds.Observe(0.002, "prioritize");
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(10_001, requests.Value("prioritize", "ok"));
    }

    [Fact]
    public void Counter_OtherListenerOfTheMeter_SeesTheSameMeasurements()
    {
        var counter = _registry.Counter("layercache_things_total", "Things.", "kind");
        double seen = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter == _registry.Meter && instrument.Name == "layercache_things_total")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((_, value, tags, _) => seen += tags[0].Value as string == "layers" ? value : 0);
        listener.Start();

        counter.Inc(3, "layers");

        Assert.Equal(MetricRegistry.MeterName, _registry.Meter.Name);
        Assert.Equal(3, seen);
    }

    [Fact]
    public void Registries_SameMeterName_EachRendersOnlyItsOwnMeasurements()
    {
        using var other = new MetricRegistry();
        other.Counter("layercache_things_total", "Things.").Inc(5);
        _registry.Counter("layercache_things_total", "Things.").Inc(2);

        Assert.Contains("\nlayercache_things_total 2\n", _registry.Render(), StringComparison.Ordinal);
        Assert.Contains("\nlayercache_things_total 5\n", other.Render(), StringComparison.Ordinal);
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
        var counter = _registry.Counter("layercache_requests_total", "Requests.", "route");
        Parallel.For(0, 10_000, i => counter.Inc(1, i % 2 == 0 ? "even" : "odd"));
        Assert.Equal(5_000, counter.Value("even"));
        Assert.Equal(5_000, counter.Value("odd"));
    }

    public void Dispose() => _registry.Dispose();

    /// <summary>The value of the one unlabelled sample of <paramref name="name"/>.</summary>
    private static double Sample(string text, string name)
    {
        var line = text.Split('\n').Single(l => l.StartsWith(name + " ", StringComparison.Ordinal));
        return double.Parse(line[(name.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }
}
