using System.Text;

namespace LayerCache.AgentBenchmarks.Reporting;

/// <summary>A GitHub-flavoured Markdown table; columns of numbers are right-aligned, the others left-aligned.</summary>
public sealed class MarkdownTable(params string[] headers)
{
    private readonly List<string[]> _rows = [];

    public MarkdownTable Add(params string[] cells)
    {
        if (cells.Length != headers.Length)
        {
            throw new ArgumentException($"{cells.Length} cells for {headers.Length} columns", nameof(cells));
        }

        _rows.Add(cells);
        return this;
    }

    public override string ToString()
    {
        var text = new StringBuilder();
        text.AppendLine("| " + string.Join(" | ", headers) + " |");
        text.AppendLine("|" + string.Join("|", headers.Select((_, i) => IsNumeric(i) ? " ---: " : " --- ")) + "|");
        foreach (var row in _rows)
        {
            text.AppendLine("| " + string.Join(" | ", row) + " |");
        }

        return text.ToString();
    }

    private bool IsNumeric(int column) =>
        _rows.Count > 0 && _rows.All(r => r[column].Length > 0 && (char.IsAsciiDigit(r[column][0]) || r[column] == "-"));
}
