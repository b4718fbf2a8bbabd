using System.Xml.Linq;
using LayerCache.EndToEnd.Reporting;
using LayerCache.EndToEnd.Runs;

namespace LayerCache.EndToEnd.Tests.Reporting;

public sealed class WeightSweepReportTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    // Out of order on purpose: the sweep may finish its runs in any order.
    private static readonly IReadOnlyList<(int Weight, PolicyResult Result)> Sweep =
    [
        (10, SampleRuns.Measured("layercache", 0.8, p95: 1.7, podsPerNode: [1, 7])),
        (1, SampleRuns.Measured("layercache", 1.5, p95: 3.25, podsPerNode: [4, 4])),
        (5, SampleRuns.Measured("layercache", 0.9, p95: 2, podsPerNode: [2, 6])),
        (2, SampleRuns.Measured("layercache", 1.2, p95: 2.5, podsPerNode: [3, 5])),
    ];

    [Fact]
    public void FormatMarkdown_RunsOutOfOrder_RowsInWeightOrderWithTheirNumbers()
    {
        var lines = WeightSweepReport.FormatMarkdown(Sweep).TrimEnd('\n').Split('\n');

        Assert.Equal("| weight | mean s | p95 s | pod spread (CV) | pods per node | slot util % |", lines[0]);
        Assert.Equal(
            [
                "| 1 | 1.50 | 3.25 | 0.00 | 4 4 | 45.6 |",
                "| 2 | 1.20 | 2.50 | 0.25 | 3 5 | 45.6 |",
                "| 5 | 0.90 | 2.00 | 0.50 | 2 6 | 45.6 |",
                "| 10 | 0.80 | 1.70 | 0.75 | 1 7 | 45.6 |",
            ],
            lines[2..]);
    }

    [Fact]
    public void WriteChart_Sweep_WellFormedTwoSeriesWithAPointPerWeight()
    {
        var path = Path.Combine(Path.GetTempPath(), $"e2e-sweep-{Guid.NewGuid():N}", "weights.svg");
        try
        {
            WeightSweepReport.WriteChart(path, "Extender weight", Sweep);
            var document = XDocument.Load(path);

            var lines = document.Descendants(Svg + "polyline").ToList();
            Assert.Equal([WeightSweepChart.MeanSeriesClass, WeightSweepChart.SpreadSeriesClass], lines.Select(l => (string?)l.Attribute("class")));
            Assert.All(lines, l => Assert.Equal(4, l.Attribute("points")!.Value.Split(' ').Length));
            Assert.Equal(8, document.Descendants(Svg + "circle").Count());
            var texts = document.Descendants(Svg + "text").Select(t => t.Value).ToList();
            Assert.Contains("extender weight", texts);
            Assert.Contains("mean start-up (s)", texts);
            Assert.Contains("pod spread (CV)", texts);
            Assert.Equal(["1", "2", "5", "10"], texts.Where(t => t is "1" or "2" or "5" or "10"));
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        }
    }

    [Fact]
    public void WriteChart_PathNotSvg_ArgumentException()
    {
        Assert.Throws<ArgumentException>(() => WeightSweepReport.WriteChart("weights.png", "t", Sweep));
    }
}
