using System.Globalization;

namespace LayerCache.Simulator.Reporting;

/// <summary>A linear axis whose ticks fall on round numbers (1, 2, 2.5 or 5 times a power of ten).</summary>
internal sealed class AxisScale
{
    private readonly int _decimals;

    public AxisScale(double dataMin, double dataMax, int targetTicks = 6)
    {
        dataMin = double.IsFinite(dataMin) ? dataMin : 0;
        dataMax = double.IsFinite(dataMax) ? dataMax : 0;
        if (dataMax <= dataMin)
        {
            // One value or none: give the axis some room around it.
            var pad = dataMin == 0 ? 1 : Math.Abs(dataMin) * 0.1;
            dataMax = dataMin + pad;
            dataMin = dataMin == 0 ? 0 : dataMin - pad;
        }

        Step = NiceStep((dataMax - dataMin) / Math.Max(targetTicks - 1, 1));
        Min = Math.Floor((dataMin / Step) + 1e-9) * Step;
        Max = Math.Ceiling((dataMax / Step) - 1e-9) * Step;
        _decimals = DecimalsOf(Step);
        var ticks = new List<double>();
        for (var i = 0; Min + (i * Step) <= Max + (Step * 1e-6); i++)
        {
            ticks.Add(Math.Round(Min + (i * Step), _decimals + 1));
        }

        Ticks = ticks;
    }

    public double Min { get; }

    public double Max { get; }

    public double Step { get; }

    public IReadOnlyList<double> Ticks { get; }

    /// <summary>Where <paramref name="value"/> falls between <paramref name="from"/> (at Min) and <paramref name="to"/> (at Max).</summary>
    public double Map(double value, double from, double to) => from + ((value - Min) / (Max - Min) * (to - from));

    public string Label(double tick) => tick.ToString("F" + _decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    private static double NiceStep(double rough)
    {
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        var fraction = rough / magnitude;
        var nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 2.5 ? 2.5 : fraction <= 5 ? 5 : 10;
        return nice * magnitude;
    }

    private static int DecimalsOf(double step)
    {
        var decimals = 0;
        while (decimals < 6 && Math.Abs((step * Math.Pow(10, decimals)) - Math.Round(step * Math.Pow(10, decimals))) > 1e-6)
        {
            decimals++;
        }

        return decimals;
    }
}
