using System.CommandLine.Parsing;
using System.Globalization;

namespace LayerCache.Hosting.Commands;

/// <summary>A whole-number option or argument with a floor, whose bad value is a usage error naming it (a custom parser).</summary>
public static class WholeNumber
{
    /// <summary>The value of <paramref name="result"/>'s one token, or 0 with an error when it is no whole number of at least <paramref name="minimum"/>.</summary>
    public static int AtLeast(ArgumentResult result, string name, int minimum)
    {
        ArgumentNullException.ThrowIfNull(result);
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Join(' ', result.Tokens.Select(t => t.Value));
        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value >= minimum)
        {
            return value;
        }

        result.AddError($"{name} needs a whole number of at least {minimum}; got '{text}'");
        return 0;
    }
}
