using System.Globalization;
using LayerCache.Simulator.Engine;

namespace LayerCache.Simulator.Reporting;

/// <summary>Grouped bars of mean, p95 and p99 start-up seconds, one group a policy.</summary>
internal static class ComparisonChart
{
    private const double BarWidth = 28;
    private const double BarGap = 2;
    private const double GroupGap = 32;
    private const double GroupPitch = (3 * BarWidth) + (2 * BarGap) + GroupGap;
    private const double PlotHeight = 320;
    private const double Top = 78;
    private const double NameAngleDegrees = -35;

    private static readonly (string Name, string Colour, Func<SimulationResult, double> Seconds)[] Series =
    [
        ("mean", "#4e79a7", r => r.MeanSeconds),
        ("p95", "#f28e2b", r => r.P95Seconds),
        ("p99", "#e15759", r => r.P99Seconds),
    ];

    public static string Render(string title, IReadOnlyList<SimulationResult> results)
    {
        var maxSeconds = results.SelectMany(r => Series.Select(s => Seconds(s.Seconds(r)))).Max();
        var y = new AxisScale(0, maxSeconds * 1.08);

        // Names that do not fit under their group are turned, and the margins grow to hold them.
        var nameWidth = results.Max(r => ChartStyle.TextWidth(r.Policy, ChartStyle.LabelFontSize));
        var turnNames = nameWidth > GroupPitch - 8;
        var angle = Math.Abs(NameAngleDegrees) * Math.PI / 180;
        var left = Math.Max(76, turnNames ? (nameWidth * Math.Cos(angle)) - (GroupPitch / 2) + 12 : 0);
        var bottomMargin = turnNames ? 30 + (nameWidth * Math.Sin(angle)) : 44;
        var plotWidth = Math.Max(360, results.Count * GroupPitch);
        var width = left + plotWidth + 24;
        var height = Top + PlotHeight + bottomMargin;
        var plotBottom = Top + PlotHeight;

        // Few groups sit in the middle of the minimum plot width rather than at its left.
        var firstGroup = left + ((plotWidth - (results.Count * GroupPitch)) / 2);

        var svg = new SvgCanvas(width, height, title);
        svg.Text(width / 2, 28, title, ChartStyle.TitleFontSize, "middle", bold: true);
        DrawLegend(svg, width / 2, 54);
        DrawYAxis(svg, y, left, plotWidth, plotBottom);

        for (var g = 0; g < results.Count; g++)
        {
            var result = results[g];
            var groupLeft = firstGroup + (g * GroupPitch) + (GroupGap / 2);
            for (var s = 0; s < Series.Length; s++)
            {
                var seconds = Seconds(Series[s].Seconds(result));
                var barLeft = groupLeft + (s * (BarWidth + BarGap));
                var barTop = y.Map(seconds, plotBottom, Top);
                svg.Rect(barLeft, barTop, BarWidth, plotBottom - barTop, Series[s].Colour, $"{result.Policy} {Series[s].Name}: {Value(seconds)} s");
                if (s == 0)
                {
                    svg.Text(barLeft + (BarWidth / 2), barTop - 4, Value(seconds), ChartStyle.ValueFontSize, "middle");
                }
            }

            var centre = firstGroup + (g * GroupPitch) + (GroupPitch / 2);
            if (turnNames)
            {
                svg.Text(centre, plotBottom + 18, result.Policy, ChartStyle.LabelFontSize, "end", NameAngleDegrees);
            }
            else
            {
                svg.Text(centre, plotBottom + 20, result.Policy, ChartStyle.LabelFontSize, "middle");
            }
        }

        svg.Line(left, plotBottom, left + plotWidth, plotBottom, ChartStyle.Axis);
        return svg.ToString();
    }

    private static void DrawYAxis(SvgCanvas svg, AxisScale y, double left, double plotWidth, double plotBottom)
    {
        foreach (var tick in y.Ticks)
        {
            var at = y.Map(tick, plotBottom, Top);
            svg.Line(left, at, left + plotWidth, at, ChartStyle.Grid);
            svg.Line(left - 5, at, left, at, ChartStyle.Axis);
            svg.Text(left - 8, at + 4, y.Label(tick), ChartStyle.LabelFontSize, "end");
        }

        svg.Line(left, Top, left, plotBottom, ChartStyle.Axis);
        svg.Text(left - 58, Top + (PlotHeight / 2), "start-up latency (s)", ChartStyle.LabelFontSize, "middle", -90);
    }

    private static void DrawLegend(SvgCanvas svg, double centre, double y)
    {
        const double EntryWidth = 80;
        var x = centre - (Series.Length * EntryWidth / 2);
        foreach (var (name, colour, _) in Series)
        {
            svg.Rect(x, y - 10, 12, 12, colour);
            svg.Text(x + 18, y, name + " s", ChartStyle.LabelFontSize);
            x += EntryWidth;
        }
    }

    private static double Seconds(double value) => double.IsFinite(value) ? Math.Max(value, 0) : 0;

    /// <summary>Three significant figures or so, short enough to sit above a bar.</summary>
    private static string Value(double seconds) =>
        seconds.ToString(seconds < 10 ? "F2" : seconds < 100 ? "F1" : "F0", CultureInfo.InvariantCulture);
}
