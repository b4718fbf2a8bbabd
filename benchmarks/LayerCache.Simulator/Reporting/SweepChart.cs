using System.Globalization;

namespace LayerCache.Simulator.Reporting;

/// <summary>Mean start-up seconds against a swept setting, one line a policy.</summary>
internal static class SweepChart
{
    private const double PlotWidth = 520;
    private const double PlotHeight = 320;
    private const double Top = 50;
    private const double Left = 76;
    private const double LegendRowHeight = 20;

    /// <summary>
    /// One solid line a policy (its mean start-up), then, where the points carry them, one dashed line a pooled cache
    /// rule (its pull seconds per request: what perfect placement with that rule would pay, without waits).
    /// </summary>
    public static string Render(string title, string xLabel, IReadOnlyList<SweepPoint> points)
    {
        var series = Series(points);
        var values = points.Select(p => p.Value).Where(double.IsFinite).ToList();
        var x = new AxisScale(values.DefaultIfEmpty(0).Min(), values.DefaultIfEmpty(0).Max());
        var y = new AxisScale(0, series.SelectMany(s => s.Line).Select(p => p.Seconds).DefaultIfEmpty(0).Max() * 1.05);

        var legendWidth = 40 + series.Select(s => ChartStyle.TextWidth(s.Name, ChartStyle.LabelFontSize)).DefaultIfEmpty(0).Max();
        var width = Left + PlotWidth + 24 + legendWidth;
        var height = Math.Max(Top + PlotHeight + 56, Top + 10 + (series.Count * LegendRowHeight));
        var plotRight = Left + PlotWidth;
        var plotBottom = Top + PlotHeight;

        var svg = new SvgCanvas(width, height, title);
        svg.Text((Left + plotRight) / 2, 28, title, ChartStyle.TitleFontSize, "middle", bold: true);
        DrawAxes(svg, x, y, xLabel);

        for (var i = 0; i < series.Count; i++)
        {
            var (name, line, dash) = series[i];
            var colour = ChartStyle.Colour(i);
            var at = line.Select(p => (x.Map(p.Value, Left, plotRight), y.Map(p.Seconds, plotBottom, Top))).ToList();
            svg.Polyline(at, colour, 2, dash);
            for (var k = 0; k < line.Count; k++)
            {
                svg.Circle(at[k].Item1, at[k].Item2, 4, colour, string.Create(CultureInfo.InvariantCulture, $"{name} at {x.Label(line[k].Value)}: {line[k].Seconds:F2} s"));
            }

            var legendY = Top + 10 + (i * LegendRowHeight);
            svg.Line(plotRight + 24, legendY - 4, plotRight + 48, legendY - 4, colour, 2, dash);
            svg.Circle(plotRight + 36, legendY - 4, 4, colour);
            svg.Text(plotRight + 54, legendY, name, ChartStyle.LabelFontSize);
        }

        return svg.ToString();
    }

    private static List<(string Name, List<(double Value, double Seconds)> Line, string? Dash)> Series(IReadOnlyList<SweepPoint> points)
    {
        var finite = points.Where(p => double.IsFinite(p.Value)).OrderBy(p => p.Value).ToList();
        var series = new List<(string, List<(double, double)>, string?)>();
        foreach (var policy in points.SelectMany(p => p.Results).Select(r => r.Policy).Distinct(StringComparer.Ordinal))
        {
            series.Add((policy, [.. finite.SelectMany(p => p.Results.Where(r => r.Policy == policy).Take(1).Select(r => (p.Value, Seconds(r.MeanSeconds))))], null));
        }

        foreach (var rule in points.SelectMany(p => p.Pooled ?? []).DistinctBy(b => b.Rule))
        {
            var line = finite.SelectMany(p => (p.Pooled ?? []).Where(b => b.Rule == rule.Rule).Take(1).Select(b => (p.Value, Seconds(b.MeanPullSeconds)))).ToList();
            series.Add(($"pooled cache, {rule.Name} (pull s)", line, "6 4"));
        }

        return series;
    }

    private static void DrawAxes(SvgCanvas svg, AxisScale x, AxisScale y, string xLabel)
    {
        var plotRight = Left + PlotWidth;
        var plotBottom = Top + PlotHeight;
        foreach (var tick in y.Ticks)
        {
            var at = y.Map(tick, plotBottom, Top);
            svg.Line(Left, at, plotRight, at, ChartStyle.Grid);
            svg.Line(Left - 5, at, Left, at, ChartStyle.Axis);
            svg.Text(Left - 8, at + 4, y.Label(tick), ChartStyle.LabelFontSize, "end");
        }

        foreach (var tick in x.Ticks)
        {
            var at = x.Map(tick, Left, plotRight);
            svg.Line(at, plotBottom, at, plotBottom + 5, ChartStyle.Axis);
            svg.Text(at, plotBottom + 20, x.Label(tick), ChartStyle.LabelFontSize, "middle");
        }

        svg.Line(Left, Top, Left, plotBottom, ChartStyle.Axis);
        svg.Line(Left, plotBottom, plotRight, plotBottom, ChartStyle.Axis);
        svg.Text((Left + plotRight) / 2, plotBottom + 44, xLabel, ChartStyle.LabelFontSize, "middle");
        svg.Text(18, Top + (PlotHeight / 2), "mean start-up latency (s)", ChartStyle.LabelFontSize, "middle", -90);
    }

    private static double Seconds(double value) => double.IsFinite(value) ? Math.Max(value, 0) : 0;
}
