using LayerCache.Simulator.Engine;

namespace LayerCache.Simulator.Reporting;

/// <summary>
/// Charts of start-up latency as self-contained SVG files, drawn by hand: the simulator carries no image library,
/// so only <c>.svg</c> paths are accepted (convert with e.g. <c>rsvg-convert -o chart.png chart.svg</c>).
/// </summary>
public static class SvgChart
{
    /// <summary>Grouped bars of mean, p95 and p99 start-up seconds, one group a policy.</summary>
    public static void WriteComparison(string path, string title, IReadOnlyList<SimulationResult> results)
    {
        RequireSvgPath(path);
        ArgumentNullException.ThrowIfNull(results);
        if (results.Count == 0)
        {
            throw new ArgumentException("There are no results to chart.", nameof(results));
        }

        ReportFile.WriteText(path, ComparisonChart.Render(title, results));
    }

    /// <summary>Mean start-up seconds against the swept value, one line a policy.</summary>
    public static void WriteSweep(string path, string title, string xLabel, IReadOnlyList<SweepPoint> points)
    {
        RequireSvgPath(path);
        ArgumentNullException.ThrowIfNull(points);
        if (!points.Any(p => p.Results.Count > 0))
        {
            throw new ArgumentException("There are no results to chart.", nameof(points));
        }

        ReportFile.WriteText(path, SweepChart.Render(title, xLabel, points));
    }

    private static void RequireSvgPath(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!string.Equals(Path.GetExtension(path), ".svg", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException(
                $"Charts are written as SVG only (the simulator has no image library): '{path}' must end in .svg. " +
                "Convert afterwards if you need a bitmap, e.g. rsvg-convert -o chart.png chart.svg.",
                nameof(path));
        }
    }
}
