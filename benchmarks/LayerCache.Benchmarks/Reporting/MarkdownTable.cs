namespace LayerCache.Benchmarks;

/// <summary>A GitHub Markdown table; the first column left-aligned, the others right-aligned (numbers).</summary>
public static class MarkdownTable
{
    public static void Write(TextWriter output, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        output.WriteLine("| " + string.Join(" | ", header) + " |");
        var align = header.Select((_, i) => i == 0 ? "---" : "---:");
        output.WriteLine("| " + string.Join(" | ", align) + " |");
        foreach (var row in rows)
        {
            output.WriteLine("| " + string.Join(" | ", row) + " |");
        }

        output.WriteLine();
    }
}
