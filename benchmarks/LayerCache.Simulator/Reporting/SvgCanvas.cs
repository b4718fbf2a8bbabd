using System.Globalization;
using System.Text;

namespace LayerCache.Simulator.Reporting;

/// <summary>A self-contained SVG document built element by element; numbers in invariant culture, text escaped for XML.</summary>
internal sealed class SvgCanvas
{
    private readonly StringBuilder _svg = new();

    public SvgCanvas(double width, double height, string title)
    {
        _svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{N(width)}\" height=\"{N(height)}\" ")
            .Append(CultureInfo.InvariantCulture, $"viewBox=\"0 0 {N(width)} {N(height)}\" font-family=\"DejaVu Sans, Arial, Helvetica, sans-serif\">\n")
            .Append(CultureInfo.InvariantCulture, $"<title>{Escape(title)}</title>\n");
        Rect(0, 0, width, height, "#ffffff");
    }

    public void Rect(double x, double y, double width, double height, string fill, string? tooltip = null)
    {
        _svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{N(x)}\" y=\"{N(y)}\" width=\"{N(width)}\" height=\"{N(height)}\" fill=\"{fill}\"");
        CloseWithTooltip("rect", tooltip);
    }

    /// <param name="dash">An SVG stroke-dasharray ("6 4"), or null for a solid line.</param>
    public void Line(double x1, double y1, double x2, double y2, string stroke, double strokeWidth = 1, string? dash = null)
    {
        _svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{N(x1)}\" y1=\"{N(y1)}\" x2=\"{N(x2)}\" y2=\"{N(y2)}\" stroke=\"{stroke}\" stroke-width=\"{N(strokeWidth)}\"{Dash(dash)}/>\n");
    }

    /// <param name="dash">An SVG stroke-dasharray ("6 4"), or null for a solid line.</param>
    public void Polyline(IEnumerable<(double X, double Y)> points, string stroke, double strokeWidth, string? dash = null)
    {
        var coordinates = string.Join(' ', points.Select(p => $"{N(p.X)},{N(p.Y)}"));
        _svg.Append(CultureInfo.InvariantCulture, $"<polyline points=\"{coordinates}\" fill=\"none\" stroke=\"{stroke}\" stroke-width=\"{N(strokeWidth)}\" stroke-linejoin=\"round\"{Dash(dash)}/>\n");
    }

    public void Circle(double cx, double cy, double radius, string fill, string? tooltip = null)
    {
        _svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{N(cx)}\" cy=\"{N(cy)}\" r=\"{N(radius)}\" fill=\"{fill}\" stroke=\"#ffffff\" stroke-width=\"1\"");
        CloseWithTooltip("circle", tooltip);
    }

    /// <summary>Text anchored at (x, y); <paramref name="rotateDegrees"/> turns it about that point.</summary>
    public void Text(double x, double y, string text, double fontSize, string anchor = "start", double rotateDegrees = 0, bool bold = false, string fill = "#222222")
    {
        _svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{N(x)}\" y=\"{N(y)}\" font-size=\"{N(fontSize)}\" text-anchor=\"{anchor}\" fill=\"{fill}\"");
        if (bold)
        {
            _svg.Append(" font-weight=\"bold\"");
        }

        if (rotateDegrees != 0)
        {
            _svg.Append(CultureInfo.InvariantCulture, $" transform=\"rotate({N(rotateDegrees)} {N(x)} {N(y)})\"");
        }

        _svg.Append('>').Append(Escape(text)).Append("</text>\n");
    }

    private static string Dash(string? dash) => dash is null ? "" : $" stroke-dasharray=\"{dash}\"";

    public override string ToString() => _svg + "</svg>\n";

    /// <summary>Text made safe for XML content and attributes; characters XML 1.0 forbids are dropped.</summary>
    public static string Escape(string text)
    {
        var escaped = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            _ = c switch
            {
                '&' => escaped.Append("&amp;"),
                '<' => escaped.Append("&lt;"),
                '>' => escaped.Append("&gt;"),
                '"' => escaped.Append("&quot;"),
                '\'' => escaped.Append("&apos;"),
                _ when XmlAllows(c) => escaped.Append(c),
                _ => escaped,
            };
        }

        return escaped.ToString();
    }

    /// <summary>A number as SVG wants it: invariant, at most two decimals.</summary>
    private static string N(double value) => Math.Round(value, 2).ToString("0.##", CultureInfo.InvariantCulture);

    private static bool XmlAllows(char c) => c is '\t' or '\n' or '\r' || (c >= ' ' && c != '\uFFFE' && c != '\uFFFF');

    private void CloseWithTooltip(string element, string? tooltip)
    {
        if (tooltip is null)
        {
            _svg.Append("/>\n");
            return;
        }

        _svg.Append("><title>").Append(Escape(tooltip)).Append("</title></").Append(element).Append(">\n");
    }
}
