using System.Globalization;

namespace LayerCache.Simulator;

/// <summary>Reads an option's value from the command line, or says what was wrong with it; shared with the end-to-end run.</summary>
internal static class OptionValues
{
    public static string OneOf(string name, string value, params string[] allowed) =>
        allowed.Contains(value, StringComparer.Ordinal)
            ? value
            : throw new ArgumentException($"{name} must be one of {string.Join(", ", allowed)}; got '{value}'");

    public static double Number(string name, string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? value
            : throw new ArgumentException($"{name} needs a number; got '{text}'");

    public static int Whole(string name, string text) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new ArgumentException($"{name} needs a whole number; got '{text}'");
}
