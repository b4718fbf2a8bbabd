using LayerCache.EndToEnd.Runs;

namespace LayerCache.EndToEnd.Reporting;

/// <summary>
/// Start-up seconds per policy as SVG: bars of the measured mean and p95, and a diamond where the simulator put the
/// mean, so a glance shows both which policy wins and how far the prediction is off.
/// </summary>
internal static class EndToEndChart
{
    public const string MeanBarClass = "bar measured-mean";
    public const string P95BarClass = "bar measured-p95";
    public const string SimulatedMarkerClass = "marker simulated-mean";

    private const double BarWidth = 30;
    private const double MarkerHalfWidth = 6;
    private const double GroupPitch = (2 * BarWidth) + 36;
    private const double Left = 72;
    private const double Top = 84;
    private const double PlotHeight = 300;

    /// <exception cref="ArgumentException">The path does not end in .svg, or there is nothing to chart.</exception>
    public static void Write(string path, string title, IReadOnlyList<PolicyResult> measured, IReadOnlyList<SimulatedResult> simulated)
    {
        ChartFile.RequireSvg(path, nameof(path));
        Simulator.Reporting.ReportFile.WriteText(path, Render(title, measured, simulated));
    }

    public static string Render(string title, IReadOnlyList<PolicyResult> measured, IReadOnlyList<SimulatedResult> simulated)
    {
        var rows = PolicyComparison.Pair(measured, simulated);
        if (rows.Count == 0)
        {
            throw new ArgumentException("There are no results to chart.", nameof(measured));
        }

        var axis = new ChartAxis(rows.Max(r => Math.Max(Math.Max(r.Measured.MeanSeconds, r.Measured.P95Seconds), r.Simulated?.MeanSeconds ?? 0)) * 1.08);
        var plotWidth = Math.Max(400, rows.Count * GroupPitch);
        var width = Left + plotWidth + 24;
        var bottom = Top + PlotHeight;
        var svg = new SvgDocument(width, bottom + 48, title);
        svg.Text(width / 2, 28, title, ChartColours.TitleFontSize, bold: true, anchor: "middle");
        DrawLegend(svg, width / 2, 56);
        axis.Draw(svg, Left, Left + plotWidth, Top, bottom, "start-up (s)");

        // Few policies sit in the middle of the plot rather than crowd its left edge.
        var firstGroup = Left + ((plotWidth - (rows.Count * GroupPitch)) / 2);
        for (var i = 0; i < rows.Count; i++)
        {
            var centre = firstGroup + (i * GroupPitch) + (GroupPitch / 2);
            DrawGroup(svg, axis, rows[i], centre, bottom);
            svg.Text(centre, bottom + 20, rows[i].Policy, ChartColours.LabelFontSize, "middle");
        }

        return svg.ToString();
    }

    private static void DrawGroup(SvgDocument svg, ChartAxis axis, PolicyComparison row, double centre, double bottom)
    {
        var mean = Seconds(row.Measured.MeanSeconds);
        var meanTop = axis.Map(mean, bottom, Top);
        svg.Rect(centre - BarWidth, meanTop, BarWidth, bottom - meanTop, ChartColours.MeasuredMean, MeanBarClass, $"{row.Policy} measured mean: {ReportText.Fixed(mean, 2)} s");
        var labelBottom = meanTop;

        var p95 = Seconds(row.Measured.P95Seconds);
        var p95Top = axis.Map(p95, bottom, Top);
        svg.Rect(centre, p95Top, BarWidth, bottom - p95Top, ChartColours.MeasuredP95, P95BarClass, $"{row.Policy} measured p95: {ReportText.Fixed(p95, 2)} s");

        if (row.Simulated is { } simulated)
        {
            var predicted = Seconds(simulated.MeanSeconds);
            var markerY = axis.Map(predicted, bottom, Top);
            svg.Diamond(centre - (BarWidth / 2), markerY, MarkerHalfWidth, ChartColours.Simulated, SimulatedMarkerClass, $"{row.Policy} simulated mean: {ReportText.Fixed(predicted, 2)} s");

            // A prediction near the measured mean would sit on its label.
            labelBottom = Math.Min(labelBottom, markerY - MarkerHalfWidth);
        }

        svg.Text(centre - (BarWidth / 2), labelBottom - 4, ReportText.Fixed(mean, 2), ChartColours.ValueFontSize, "middle");
    }

    private static void DrawLegend(SvgDocument svg, double centre, double y)
    {
        const double EntryWidth = 130;
        var x = centre - (1.5 * EntryWidth);
        svg.Rect(x, y - 10, 12, 12, ChartColours.MeasuredMean);
        svg.Text(x + 18, y, "measured mean", ChartColours.LabelFontSize);
        svg.Rect(x + EntryWidth, y - 10, 12, 12, ChartColours.MeasuredP95);
        svg.Text(x + EntryWidth + 18, y, "measured p95", ChartColours.LabelFontSize);
        svg.Diamond(x + (2 * EntryWidth) + 6, y - 4, MarkerHalfWidth, ChartColours.Simulated);
        svg.Text(x + (2 * EntryWidth) + 18, y, "simulated mean", ChartColours.LabelFontSize);
    }

    private static double Seconds(double value) => double.IsFinite(value) ? Math.Max(value, 0) : 0;
}
