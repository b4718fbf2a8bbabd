namespace LayerCache.Simulator.Reporting;

/// <summary>Colours and text sizes shared by the charts.</summary>
internal static class ChartStyle
{
    public const double TitleFontSize = 16;
    public const double LabelFontSize = 12;
    public const double ValueFontSize = 10;
    public const string Axis = "#444444";
    public const string Grid = "#e3e3e3";

    /// <summary>Tableau 10: distinguishable, and still apart for most colour-blind readers.</summary>
    private static readonly string[] Palette =
    [
        "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac",
    ];

    public static string Colour(int index) => Palette[index % Palette.Length];

    /// <summary>A generous estimate of the width of text in a sans-serif font, so that labels are laid out apart.</summary>
    public static double TextWidth(string text, double fontSize) => text.Length * fontSize * 0.62;
}
