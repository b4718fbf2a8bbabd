using System.Globalization;
using System.Xml;
using System.Xml.Linq;

namespace LayerCache.EndToEnd.Reporting;

/// <summary>
/// A self-contained SVG drawing. Every shape may carry a class (so tests and stylesheets can find series) and a
/// tooltip; XElement escapes the text, and characters XML cannot hold are dropped before they get there.
/// </summary>
internal sealed class SvgDocument
{
    public const string FontFamily = "DejaVu Sans, Arial, Helvetica, sans-serif";

    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    private readonly XElement _root;

    public SvgDocument(double width, double height, string title)
    {
        _root = new XElement(
            Svg + "svg",
            new XAttribute("width", N(width)),
            new XAttribute("height", N(height)),
            new XAttribute("viewBox", $"0 0 {N(width)} {N(height)}"),
            new XAttribute("font-family", FontFamily),
            new XElement(Svg + "title", XmlSafe(title)));
        Rect(0, 0, width, height, "#ffffff");
    }

    public void Rect(double x, double y, double width, double height, string fill, string? cssClass = null, string? tooltip = null) =>
        Add("rect", cssClass, tooltip, ("x", N(x)), ("y", N(y)), ("width", N(Math.Max(width, 0))), ("height", N(Math.Max(height, 0))), ("fill", fill));

    public void Line(double x1, double y1, double x2, double y2, string stroke, double strokeWidth = 1, string? dash = null) =>
        Add("line", null, null, ("x1", N(x1)), ("y1", N(y1)), ("x2", N(x2)), ("y2", N(y2)), ("stroke", stroke), ("stroke-width", N(strokeWidth)), ("stroke-dasharray", dash));

    public void Polyline(IEnumerable<(double X, double Y)> points, string stroke, string? cssClass = null) =>
        Add("polyline", cssClass, null, ("points", string.Join(' ', points.Select(p => $"{N(p.X)},{N(p.Y)}"))), ("fill", "none"), ("stroke", stroke), ("stroke-width", "2"));

    public void Circle(double cx, double cy, double radius, string fill, string? cssClass = null, string? tooltip = null) =>
        Add("circle", cssClass, tooltip, ("cx", N(cx)), ("cy", N(cy)), ("r", N(radius)), ("fill", fill), ("stroke", "#ffffff"));

    /// <summary>A diamond centred on (x, y): the mark for a predicted value, unlike any bar or point.</summary>
    public void Diamond(double x, double y, double halfWidth, string fill, string? cssClass = null, string? tooltip = null) =>
        Add("polygon", cssClass, tooltip, ("points", $"{N(x - halfWidth)},{N(y)} {N(x)},{N(y - halfWidth)} {N(x + halfWidth)},{N(y)} {N(x)},{N(y + halfWidth)}"), ("fill", fill), ("stroke", "#ffffff"));

    /// <summary>Text anchored at (x, y) ("start", "middle" or "end"), turned about that point by <paramref name="rotateDegrees"/>.</summary>
    public void Text(double x, double y, string text, double fontSize, string anchor = "start", double rotateDegrees = 0, bool bold = false)
    {
        var element = Add("text", null, null, ("x", N(x)), ("y", N(y)), ("font-size", N(fontSize)), ("text-anchor", anchor), ("fill", "#222222"),
            ("font-weight", bold ? "bold" : null), ("transform", rotateDegrees == 0 ? null : $"rotate({N(rotateDegrees)} {N(x)} {N(y)})"));
        element.Add(XmlSafe(text));
    }

    public override string ToString() => _root + "\n";

    /// <summary>Invariant, at most two decimals: enough for a pixel, short enough to read.</summary>
    private static string N(double value) => Math.Round(value, 2).ToString("0.##", CultureInfo.InvariantCulture);

    private static string XmlSafe(string text) => string.Concat(text.Where(XmlConvert.IsXmlChar));

    private XElement Add(string name, string? cssClass, string? tooltip, params (string Name, string? Value)[] attributes)
    {
        var element = new XElement(Svg + name, attributes.Where(a => a.Value is not null).Select(a => new XAttribute(a.Name, a.Value!)));
        if (cssClass is not null)
        {
            element.SetAttributeValue("class", cssClass);
        }

        if (tooltip is not null)
        {
            element.Add(new XElement(Svg + "title", XmlSafe(tooltip)));
        }

        _root.Add(element);
        return element;
    }
}
