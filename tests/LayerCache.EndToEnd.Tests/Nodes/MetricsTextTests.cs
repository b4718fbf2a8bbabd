using LayerCache.EndToEnd.Nodes;

namespace LayerCache.EndToEnd.Tests.Nodes;

public sealed class MetricsTextTests
{
    private const string Exposition = """
        # HELP layercache_evicted_bytes_total Bytes freed by eviction.
        # TYPE layercache_evicted_bytes_total counter
        layercache_evicted_bytes_total_extra 9
        layercache_evicted_bytes_total 123456789
        layercache_evictions_total{reason="watermark"} 17 1700000000000
        layercache_broken NaNish
        """;

    [Theory]
    [InlineData("layercache_evicted_bytes_total", 123456789d)]
    [InlineData("layercache_evictions_total{reason=\"watermark\"}", 17d)]
    public void Sample_TheExactSeries_NotOneWhoseNameItPrefixes(string series, double expected) =>
        Assert.Equal(expected, MetricsText.Sample(Exposition, series));

    [Theory]
    [InlineData("layercache_evictions_total")]
    [InlineData("layercache_broken")]
    [InlineData("layercache_absent")]
    public void Sample_AbsentOrNotANumber_IsNull(string series) => Assert.Null(MetricsText.Sample(Exposition, series));
}
