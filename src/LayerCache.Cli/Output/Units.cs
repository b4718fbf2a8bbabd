using System.Globalization;

namespace LayerCache.Cli.Output;

/// <summary>Numbers as an operator reads them: bytes in decimal units, rates, ages.</summary>
internal static class Units
{
    private static readonly string[] ByteUnits = ["B", "kB", "MB", "GB", "TB", "PB"];

    public static string Bytes(double bytes)
    {
        var unit = 0;
        while (Math.Abs(bytes) >= 1000 && unit < ByteUnits.Length - 1)
        {
            bytes /= 1000;
            unit++;
        }

        return unit == 0 ? string.Create(CultureInfo.InvariantCulture, $"{bytes:0} B") : string.Create(CultureInfo.InvariantCulture, $"{bytes:0.0} {ByteUnits[unit]}");
    }

    public static string Rate(double bytesPerSecond) => bytesPerSecond > 0 ? Bytes(bytesPerSecond) + "/s" : "-";

    public static string Seconds(double? seconds) => seconds switch
    {
        null => "-",
        < 60 => string.Create(CultureInfo.InvariantCulture, $"{seconds:0.0} s"),
        < 3600 => string.Create(CultureInfo.InvariantCulture, $"{seconds / 60:0.0} min"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{seconds / 3600:0.0} h"),
    };

    public static string Percent(long part, long whole) =>
        whole > 0 ? string.Create(CultureInfo.InvariantCulture, $"{100.0 * part / whole:0}%") : "-";

    public static string Number(double value) => value.ToString("G4", CultureInfo.InvariantCulture);
}
