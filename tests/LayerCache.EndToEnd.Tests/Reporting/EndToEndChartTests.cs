using System.Globalization;
using System.Xml.Linq;
using LayerCache.EndToEnd.Reporting;

namespace LayerCache.EndToEnd.Tests.Reporting;

public sealed class EndToEndChartTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    [Fact]
    public void Write_FourPolicies_WellFormedSvgWithTitleLegendAndNames()
    {
        var document = WriteAndLoad("Start-up at the edge & beyond");

        Assert.Equal(Svg + "svg", document.Root!.Name);
        var texts = document.Descendants(Svg + "text").Select(t => t.Value).ToList();
        Assert.Contains("Start-up at the edge & beyond", texts);
        Assert.Contains("start-up (s)", texts);
        Assert.Contains("measured mean", texts);
        Assert.Contains("measured p95", texts);
        Assert.Contains("simulated mean", texts);
        Assert.Contains("4.00", texts);
        Assert.All(SampleRuns.FourPolicies(), p => Assert.Contains(p.Policy, texts));
    }

    [Fact]
    public void Write_FourPolicies_OneBarPerPolicyPerSeries()
    {
        var document = WriteAndLoad("t");

        var means = WithClass(document, EndToEndChart.MeanBarClass);
        var p95s = WithClass(document, EndToEndChart.P95BarClass);
        Assert.Equal(4, means.Count);
        Assert.Equal(4, p95s.Count);

        // The p95 bar of each policy is twice as tall as its mean bar, as the sample has it.
        var heights = means.Zip(p95s, (m, p) => (Mean: Height(m), P95: Height(p)));
        Assert.All(heights, h => Assert.Equal(2 * h.Mean, h.P95, precision: 0));
    }

    [Fact]
    public void Write_PredictionMissingForOnePolicy_OneMarkerPerPrediction()
    {
        var document = WriteAndLoad("t");

        var markers = WithClass(document, EndToEndChart.SimulatedMarkerClass);
        Assert.Equal(3, markers.Count);
        Assert.Contains(markers, m => m.Element(Svg + "title")!.Value == "layercache simulated mean: 0.93 s");
    }

    [Fact]
    public void Write_PredictionAboveMeasuredMean_MeanLabelAboveTheMarker()
    {
        var document = WriteAndLoad("t");

        // image-k8s: measured mean 2.00 s, predicted 2.2 s, so the diamond sits just above its bar.
        var marker = WithClass(document, EndToEndChart.SimulatedMarkerClass).Single(m => m.Element(Svg + "title")!.Value.StartsWith("image-k8s", StringComparison.Ordinal));
        var markerTop = marker.Attribute("points")!.Value.Split(' ').Min(p => double.Parse(p.Split(',')[1], CultureInfo.InvariantCulture));
        var label = document.Descendants(Svg + "text").Single(t => t.Value == "2.00");
        Assert.True(double.Parse(label.Attribute("y")!.Value, CultureInfo.InvariantCulture) < markerTop);
    }

    [Theory]
    [InlineData("chart.png")]
    [InlineData("chart")]
    [InlineData("chart.svg.txt")]
    public void Write_PathNotSvg_ArgumentExceptionNamingTheExtension(string path)
    {
        var error = Assert.Throws<ArgumentException>(() => EndToEndChart.Write(path, "t", SampleRuns.FourPolicies(), SampleRuns.Predictions()));

        Assert.Equal("path", error.ParamName);
        Assert.Contains("must end in .svg", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void Render_NoResults_ArgumentException()
    {
        Assert.Throws<ArgumentException>(() => EndToEndChart.Render("t", [], []));
    }

    private static XDocument WriteAndLoad(string title)
    {
        var path = Path.Combine(Path.GetTempPath(), $"e2e-chart-{Guid.NewGuid():N}", "startup.svg");
        try
        {
            EndToEndChart.Write(path, title, SampleRuns.FourPolicies(), SampleRuns.Predictions());
            return XDocument.Load(path);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        }
    }

    private static List<XElement> WithClass(XDocument document, string cssClass) =>
        document.Descendants().Where(e => (string?)e.Attribute("class") == cssClass).ToList();

    private static double Height(XElement rect) => double.Parse(rect.Attribute("height")!.Value, CultureInfo.InvariantCulture);
}
