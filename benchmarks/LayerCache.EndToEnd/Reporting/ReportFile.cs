using System.Text;

namespace LayerCache.EndToEnd.Reporting;

/// <summary>Where reports go: UTF-8 without a byte-order mark, into a folder created on demand.</summary>
internal static class ReportFile
{
    public static void Write(string path, string text)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        File.WriteAllText(path, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
    }

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
