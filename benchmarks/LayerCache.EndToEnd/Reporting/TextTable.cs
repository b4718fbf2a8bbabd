using System.Text;

namespace LayerCache.EndToEnd.Reporting;

/// <summary>Rows of cells as an aligned text table for the terminal or a Markdown table for the docs.</summary>
internal sealed class TextTable(IReadOnlyList<string> headers)
{
    private readonly List<IReadOnlyList<string>> _rows = [];

    public void Add(IReadOnlyList<string> cells)
    {
        if (cells.Count != headers.Count)
        {
            throw new ArgumentException($"A row has {cells.Count} cells; the table has {headers.Count} columns.", nameof(cells));
        }

        _rows.Add(cells);
    }

    /// <summary>The first column left-aligned, the numbers after it right-aligned so their decimal points line up.</summary>
    public string ToAlignedText()
    {
        var widths = headers.Select((h, c) => _rows.Select(r => r[c].Length).Append(h.Length).Max()).ToArray();
        var text = new StringBuilder();
        AppendAligned(text, headers, widths);
        AppendAligned(text, widths.Select(w => new string('-', w)).ToList(), widths);
        _rows.ForEach(row => AppendAligned(text, row, widths));
        return text.ToString();
    }

    public string ToMarkdown()
    {
        var text = new StringBuilder();
        AppendMarkdown(text, headers);
        AppendMarkdown(text, headers.Select((_, c) => c == 0 ? ":---" : "---:").ToList());
        _rows.ForEach(row => AppendMarkdown(text, row));
        return text.ToString();
    }

    private static void AppendAligned(StringBuilder text, IReadOnlyList<string> cells, int[] widths)
    {
        var padded = cells.Select((cell, c) => c == 0 ? cell.PadRight(widths[c]) : cell.PadLeft(widths[c]));
        text.AppendJoin("  ", padded).Append('\n');
    }

    // A pipe inside a cell (a policy name, say) would end the cell early.
    private static void AppendMarkdown(StringBuilder text, IReadOnlyList<string> cells) =>
        text.Append("| ").AppendJoin(" | ", cells.Select(c => c.Replace("|", "\\|", StringComparison.Ordinal))).Append(" |\n");
}
