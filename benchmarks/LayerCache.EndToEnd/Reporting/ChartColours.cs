namespace LayerCache.EndToEnd.Reporting;

/// <summary>Colours and sizes of the harness's charts: measured values strong, predicted values dark and distinct in shape.</summary>
internal static class ChartColours
{
    public const string MeasuredMean = "#4e79a7";
    public const string MeasuredP95 = "#f28e2b";
    public const string Simulated = "#2f2f2f";
    public const string Spread = "#59a14f";
    public const string Axis = "#444444";
    public const string Grid = "#e3e3e3";
    public const double TitleFontSize = 16;
    public const double LabelFontSize = 12;
    public const double ValueFontSize = 10;
}
