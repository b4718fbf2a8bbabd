using System.CommandLine;
using System.Globalization;

namespace LayerCache.Simulator;

/// <summary>
/// The options of the simulator's and the end-to-end run's command lines, whose values are read the same way: a bad
/// value is a usage error that names the option and what it needs. Shared with the end-to-end run.
/// </summary>
internal static class OptionValues
{
    public static Option<double> Number(string name, string description, double defaultValue) =>
        Parsed(name, description, "X", text => Number(name, text), () => defaultValue);

    public static Option<double?> OptionalNumber(string name, string description) =>
        Parsed<double?>(name, description, "X", text => Number(name, text));

    public static Option<int> Whole(string name, string description, int defaultValue) =>
        Parsed(name, description, "N", text => Whole(name, text), () => defaultValue);

    public static Option<int?> OptionalWhole(string name, string description) =>
        Parsed<int?>(name, description, "N", text => Whole(name, text));

    public static Option<string> OneOf(string name, string description, string defaultValue, params string[] allowed) =>
        Parsed(name, description, string.Join('|', allowed), text => OneOf(name, text, allowed), () => defaultValue);

    public static Option<string?> OptionalOneOf(string name, string description, string helpName, params string[] allowed) =>
        Parsed<string?>(name, description, helpName, text => OneOf(name, text, allowed));

    public static Option<IReadOnlyList<T>?> ListOf<T>(string name, string description, string helpName, Func<string, T> parse) =>
        Parsed<IReadOnlyList<T>?>(name, description, helpName, text => text.Split(',').Select(parse).ToList());

    public static Option<string?> Text(string name, string description, string helpName) =>
        new(name) { Description = description, HelpName = helpName };

    public static Option<bool> Flag(string name, string description) => new(name) { Description = description };

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

    /// <summary>An option read by <paramref name="parse"/>, whose <see cref="ArgumentException"/> becomes the usage error.</summary>
    private static Option<T> Parsed<T>(string name, string description, string helpName, Func<string, T> parse, Func<T>? defaultValue = null)
    {
        var option = new Option<T>(name)
        {
            Description = description,
            HelpName = helpName,
            CustomParser = result =>
            {
                try
                {
                    return parse(result.Tokens.Single().Value);
                }
                catch (ArgumentException e)
                {
                    result.AddError(e.Message);
                    return default;
                }
            },
        };
        if (defaultValue is not null)
        {
            option.DefaultValueFactory = _ => defaultValue();
        }

        return option;
    }
}
