using System.Globalization;

namespace LayerCache.EndToEnd.Reporting;

/// <summary>A value axis from zero to a round number past the largest value, with ticks at 1, 2 or 5 times a power of ten.</summary>
internal sealed class ChartAxis
{
    public ChartAxis(double largestValue, int wantedTicks = 5)
    {
        var top = double.IsFinite(largestValue) && largestValue > 0 ? largestValue : 1;
        var rough = top / wantedTicks;
        var power = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        Step = new[] { 1.0, 2.0, 5.0, 10.0 }.Select(m => m * power).First(s => s >= rough);
        TickCount = (int)Math.Ceiling((top / Step) - 1e-9);
        Decimals = Math.Max(0, -(int)Math.Floor(Math.Log10(Step) + 1e-9));
    }

    public double Step { get; }

    public double Max => TickCount * Step;

    public int TickCount { get; }

    public int Decimals { get; }

    public IEnumerable<double> Ticks => Enumerable.Range(0, TickCount + 1).Select(i => i * Step);

    /// <summary>The pixel of <paramref name="value"/> between <paramref name="bottom"/> (zero) and <paramref name="top"/> (Max).</summary>
    public double Map(double value, double bottom, double top) => bottom - (Math.Clamp(value, 0, Max) / Max * (bottom - top));

    /// <summary>Grid lines across the plot, tick labels at its left and the axis name turned along it.</summary>
    public void Draw(SvgDocument svg, double left, double right, double top, double bottom, string name)
    {
        foreach (var tick in Ticks)
        {
            var y = Map(tick, bottom, top);
            svg.Line(left, y, right, y, ChartColours.Grid);
            svg.Text(left - 6, y + 4, Label(tick), ChartColours.LabelFontSize, "end");
        }

        svg.Line(left, top, left, bottom, ChartColours.Axis);
        svg.Line(left, bottom, right, bottom, ChartColours.Axis);
        svg.Text(left - 48, (top + bottom) / 2, name, ChartColours.LabelFontSize, "middle", -90);
    }

    public string Label(double tick) => tick.ToString("F" + Decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
}
