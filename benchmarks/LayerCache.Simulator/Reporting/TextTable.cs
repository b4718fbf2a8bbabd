using System.Text;

namespace LayerCache.Simulator.Reporting;

/// <summary>Rows of cells as fixed-width text for the console or as a Markdown table; the first column is a name.</summary>
internal static class TextTable
{
    /// <summary>The name column left-aligned, numbers right-aligned so their decimal points line up.</summary>
    public static string Aligned(string[] headers, IReadOnlyList<string[]> rows)
    {
        var widths = new int[headers.Length];
        foreach (var row in rows.Prepend(headers))
        {
            for (var c = 0; c < row.Length; c++)
            {
                widths[c] = Math.Max(widths[c], row[c].Length);
            }
        }

        var text = new StringBuilder();
        AppendAligned(text, headers, widths);
        AppendAligned(text, [.. widths.Select(w => new string('-', w))], widths);
        foreach (var row in rows)
        {
            AppendAligned(text, row, widths);
        }

        return text.ToString();
    }

    public static string Markdown(string[] headers, IReadOnlyList<string[]> rows)
    {
        var text = new StringBuilder();
        AppendMarkdown(text, headers);
        AppendMarkdown(text, [.. headers.Select((_, c) => c == 0 ? "---" : "---:")]);
        foreach (var row in rows)
        {
            AppendMarkdown(text, [row[0].Replace("|", "\\|", StringComparison.Ordinal), .. row.Skip(1)]);
        }

        return text.ToString();
    }

    private static void AppendAligned(StringBuilder text, string[] cells, int[] widths)
    {
        for (var c = 0; c < cells.Length; c++)
        {
            if (c > 0)
            {
                text.Append("  ");
            }

            text.Append(c == 0 ? cells[c].PadRight(widths[c]) : cells[c].PadLeft(widths[c]));
        }

        text.Append('\n');
    }

    private static void AppendMarkdown(StringBuilder text, string[] cells)
    {
        text.Append("| ").AppendJoin(" | ", cells).Append(" |\n");
    }
}
