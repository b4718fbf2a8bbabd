using LayerCache.EndToEnd.Runs;

namespace LayerCache.EndToEnd.Reporting;

/// <summary>
/// Two panels over one weight axis: mean start-up above, pod spread below. Two panels rather than two y axes on one
/// plot, because two scales on one plot invite reading a crossing of the lines as meaningful.
/// </summary>
internal static class WeightSweepChart
{
    public const string MeanSeriesClass = "series mean-startup";
    public const string SpreadSeriesClass = "series pod-spread";

    private const double Left = 72;
    private const double Top = 56;
    private const double PanelHeight = 180;
    private const double PanelGap = 44;
    private const double PointPitch = 80;

    public static string Render(string title, IReadOnlyList<(int Weight, PolicyResult Result)> runs)
    {
        if (runs.Count == 0)
        {
            throw new ArgumentException("There are no sweep runs to chart.", nameof(runs));
        }

        var plotWidth = Math.Max(360, runs.Count * PointPitch);
        var width = Left + plotWidth + 24;
        var spreadTop = Top + PanelHeight + PanelGap;
        var bottom = spreadTop + PanelHeight;
        var svg = new SvgDocument(width, bottom + 52, title);
        svg.Text(width / 2, 28, title, ChartColours.TitleFontSize, "middle", bold: true);

        // Weights are spaced evenly, not to scale: sweeps go 1, 2, 5, 10, ... and a linear axis would crowd the small ones.
        var xs = runs.Select((_, i) => Left + ((i + 0.5) * plotWidth / runs.Count)).ToList();
        DrawPanel(svg, runs, xs, Top, plotWidth, "mean start-up (s)", r => r.MeanSeconds, ChartColours.MeasuredMean, MeanSeriesClass);
        DrawPanel(svg, runs, xs, spreadTop, plotWidth, "pod spread (CV)", r => r.PodSpread, ChartColours.Spread, SpreadSeriesClass);

        for (var i = 0; i < runs.Count; i++)
        {
            svg.Text(xs[i], bottom + 18, ReportText.Integer(runs[i].Weight), ChartColours.LabelFontSize, "middle");
        }

        svg.Text(Left + (plotWidth / 2), bottom + 40, "extender weight", ChartColours.LabelFontSize, "middle");
        return svg.ToString();
    }

    private static void DrawPanel(
        SvgDocument svg,
        IReadOnlyList<(int Weight, PolicyResult Result)> runs,
        IReadOnlyList<double> xs,
        double top,
        double plotWidth,
        string name,
        Func<PolicyResult, double> value,
        string colour,
        string cssClass)
    {
        var values = runs.Select(r => value(r.Result)).Select(v => double.IsFinite(v) ? Math.Max(v, 0) : 0).ToList();
        var axis = new ChartAxis(values.Max() * 1.1);
        var bottom = top + PanelHeight;
        axis.Draw(svg, Left, Left + plotWidth, top, bottom, name);
        var points = values.Select((v, i) => (X: xs[i], Y: axis.Map(v, bottom, top))).ToList();
        svg.Polyline(points, colour, cssClass);
        for (var i = 0; i < points.Count; i++)
        {
            svg.Circle(points[i].X, points[i].Y, 4, colour, "point", $"weight {runs[i].Weight}: {ReportText.Fixed(values[i], 2)}");
            svg.Text(points[i].X, points[i].Y - 8, ReportText.Fixed(values[i], 2), ChartColours.ValueFontSize, "middle");
        }
    }
}
