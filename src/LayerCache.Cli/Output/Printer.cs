using LayerCache.Cli.Coordinator;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace LayerCache.Cli.Output;

/// <summary>Where commands print: JSON as the coordinator sent it, or tables and lines through Spectre.Console.</summary>
internal static class Printer
{
    public static int Json(ApiAnswer answer)
    {
        Console.Out.WriteLine(answer.Text);
        return ExitCodes.Success;
    }

    public static void Show(IRenderable renderable) => AnsiConsole.Write(renderable);

    public static void Line(string markup) => AnsiConsole.MarkupLine(markup);

    /// <summary>A table with these column headers, left-aligned text and right-aligned numbers (headers ending in '>').</summary>
    public static Table Table(params string[] headers)
    {
        var table = new Table().Border(TableBorder.Simple);
        foreach (var header in headers)
        {
            var right = header.EndsWith('>');
            // Numbers and short words keep to one line; a narrow terminal wraps the long text columns instead.
            var column = new TableColumn(Markup.Escape(right ? header[..^1] : header));
            if (right)
            {
                column.NoWrap();
            }

            table.AddColumn(right ? column.RightAligned() : column);
        }

        return table;
    }

    public static void Row(this Table table, params string[] cells) => table.AddRow([.. cells.Select(c => new Text(c))]);
}
