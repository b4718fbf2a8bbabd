using System.Text;

namespace LayerCache.Simulator.Reporting;

/// <summary>Writes a report as UTF-8 without a byte-order mark, creating its folder first.</summary>
internal static class ReportFile
{
    public static void WriteText(string path, string text)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        File.WriteAllText(path, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
    }
}
