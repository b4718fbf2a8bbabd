namespace LayerCache.EndToEnd.Reporting;

/// <summary>Where a chart may go.</summary>
internal static class ChartFile
{
    /// <summary>Charts are drawn as SVG by hand (no image library in the harness), so any other extension is a mistake.</summary>
    public static void RequireSvg(string path, string parameterName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path, parameterName);
        if (!string.Equals(Path.GetExtension(path), ".svg", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException(
                $"Charts are written as SVG only: '{path}' must end in .svg (convert afterwards, e.g. rsvg-convert -o chart.png chart.svg).",
                parameterName);
        }
    }
}
