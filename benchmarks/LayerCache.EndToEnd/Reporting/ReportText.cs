using System.Globalization;

namespace LayerCache.EndToEnd.Reporting;

/// <summary>Numbers as reports print them: invariant culture whatever the machine's, "-" for a value that is not there.</summary>
internal static class ReportText
{
    public const string Missing = "-";

    private const double BytesPerMegabyte = 1e6;

    public static string Fixed(double value, int decimals) =>
        value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    public static string Fixed(double? value, int decimals) => value is { } v ? Fixed(v, decimals) : Missing;

    public static string Megabytes(long bytes) => Fixed(bytes / BytesPerMegabyte, 1);

    public static string Integer(long value) => value.ToString(CultureInfo.InvariantCulture);
}
