using System.Globalization;
using System.Xml.Linq;
using LayerCache.Simulator.Engine;
using LayerCache.Simulator.Reporting;
using LayerCache.Simulator.Tests.Support;

namespace LayerCache.Simulator.Tests.Reporting;

public sealed class SvgChartTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    [Fact]
    public void WriteComparison_Results_WellFormedSvgNamingEveryPolicy()
    {
        using var directory = new TemporaryDirectory();
        var path = directory.FilePath("charts", "comparison.svg");

        SvgChart.WriteComparison(path, "Start-up latency", SampleResults.ThreePolicies());

        var document = XDocument.Load(path);
        Assert.Equal(Svg + "svg", document.Root!.Name);
        var texts = Texts(document);
        Assert.Contains("Start-up latency", texts);
        Assert.Contains("agnostic", texts);
        Assert.Contains("image", texts);
        Assert.Contains("layer", texts);
        Assert.Contains("4.00", texts);
    }

    [Fact]
    public void WriteComparison_Results_ThreeBarsPerPolicy()
    {
        using var directory = new TemporaryDirectory();
        var path = directory.FilePath("comparison.svg");

        SvgChart.WriteComparison(path, "t", SampleResults.ThreePolicies());

        var bars = XDocument.Load(path).Descendants(Svg + "rect").Where(r => r.Element(Svg + "title") is not null).ToList();
        Assert.Equal(9, bars.Count);
        Assert.All(bars, b => Assert.True(double.Parse(b.Attribute("height")!.Value, CultureInfo.InvariantCulture) > 0));
    }

    [Fact]
    public void WriteComparison_MarkupInNames_EscapedAndKept()
    {
        using var directory = new TemporaryDirectory();
        var path = directory.FilePath("comparison.svg");
        const string Awkward = "a<b & \"c\" > 'd'";

        SvgChart.WriteComparison(path, "R&D <test>", [SampleResults.Result(Awkward, 1.5)]);

        var texts = Texts(XDocument.Load(path));
        Assert.Contains(Awkward, texts);
        Assert.Contains("R&D <test>", texts);
    }

    [Fact]
    public void WriteSweep_Points_WellFormedSvgWithALinePerPolicy()
    {
        using var directory = new TemporaryDirectory();
        var path = directory.FilePath("sweep.svg");
        var results = SampleResults.ThreePolicies();
        SweepPoint[] points =
        [
            new(100, results),
            new(200, results.Select(r => r with { MeanSeconds = r.MeanSeconds / 2 }).ToList()),
            new(300, results.Select(r => r with { MeanSeconds = r.MeanSeconds / 3 }).ToList()),
        ];

        SvgChart.WriteSweep(path, "Mean start-up vs nodes", "nodes", points);

        var document = XDocument.Load(path);
        var texts = Texts(document);
        Assert.Contains("nodes", texts);
        Assert.Contains("Mean start-up vs nodes", texts);
        Assert.All(results, r => Assert.Contains(r.Policy, texts));
        var lines = document.Descendants(Svg + "polyline").ToList();
        Assert.Equal(3, lines.Count);
        Assert.All(lines, l => Assert.Equal(3, l.Attribute("points")!.Value.Split(' ').Length));
    }

    [Fact]
    public void WriteSweep_PointsWithPooledBounds_ADashedLinePerRule()
    {
        using var directory = new TemporaryDirectory();
        var path = directory.FilePath("sweep.svg");
        var results = SampleResults.ThreePolicies();
        PooledBoundResult[] Pooled(double seconds) =>
            [new(PooledRule.Foresight, 1, seconds), new(PooledRule.LeastRecentlyUsed, 2, seconds * 2)];
        SweepPoint[] points = [new(8, results, Pooled(0.5)), new(16, results, Pooled(0.25))];

        SvgChart.WriteSweep(path, "storage", "storage GB", points);

        var document = XDocument.Load(path);
        var lines = document.Descendants(Svg + "polyline").ToList();
        Assert.Equal(results.Count + 2, lines.Count);
        var dashed = lines.Where(l => l.Attribute("stroke-dasharray") is not null).ToList();
        Assert.Equal(2, dashed.Count);
        Assert.All(dashed, l => Assert.Equal(2, l.Attribute("points")!.Value.Split(' ').Length));
        var texts = Texts(document);
        Assert.Contains("pooled cache, foresight (pull s)", texts);
        Assert.Contains("pooled cache, lru (pull s)", texts);
    }

    [Fact]
    public void WriteSweep_SinglePoint_StillWellFormed()
    {
        using var directory = new TemporaryDirectory();
        var path = directory.FilePath("sweep.svg");

        SvgChart.WriteSweep(path, "one", "storage GB", [new SweepPoint(32, SampleResults.ThreePolicies())]);

        Assert.Equal(3, XDocument.Load(path).Descendants(Svg + "circle").Count(c => c.Element(Svg + "title") is not null));
    }

    [Theory]
    [InlineData("chart.png")]
    [InlineData("chart")]
    [InlineData("chart.svg.pdf")]
    public void WriteComparison_NotSvgPath_RefusedClearly(string name)
    {
        using var directory = new TemporaryDirectory();
        var path = directory.FilePath(name);

        var error = Assert.Throws<ArgumentException>(() => SvgChart.WriteComparison(path, "t", SampleResults.ThreePolicies()));

        Assert.Contains("SVG only", error.Message);
        Assert.Contains(".svg", error.Message);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void WriteSweep_PngPath_RefusedClearly()
    {
        using var directory = new TemporaryDirectory();
        var path = directory.FilePath("sweep.PNG");

        var error = Assert.Throws<ArgumentException>(() => SvgChart.WriteSweep(path, "t", "x", [new SweepPoint(1, SampleResults.ThreePolicies())]));

        Assert.Contains("SVG only", error.Message);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void WriteComparison_UpperCaseSvgExtension_Accepted()
    {
        using var directory = new TemporaryDirectory();
        var path = directory.FilePath("chart.SVG");

        SvgChart.WriteComparison(path, "t", SampleResults.ThreePolicies());

        Assert.True(File.Exists(path));
    }

    private static List<string> Texts(XDocument document) =>
        document.Descendants(Svg + "text").Select(t => t.Value).Concat(document.Descendants(Svg + "title").Select(t => t.Value)).ToList();
}
