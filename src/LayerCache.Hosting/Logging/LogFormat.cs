using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LayerCache.Hosting.Logging;

/// <summary>
/// <c>Logging:Format</c>: <c>text</c> (the default, for people) or <c>json</c> (one JSON object a line on stdout, for
/// log collectors), through the console logger's own formatters.
/// </summary>
public static class LogFormat
{
    public const string Setting = "Logging:Format";

    /// <summary>Switches the console logger to the format <see cref="Setting"/> names; an unknown format throws as a bad setting does.</summary>
    public static void UseLogFormatSetting(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        switch (builder.Configuration[Setting]?.Trim().ToLowerInvariant())
        {
            case null or "" or "text":
                return;
            case "json":
                builder.Logging.AddJsonConsole(json =>
                {
                    json.UseUtcTimestamp = true;
                    json.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
                    json.JsonWriterOptions = new JsonWriterOptions { Indented = false };
                });
                return;
            case var other:
                throw new OptionsValidationException(Setting, typeof(string), [$"{Setting} must be text or json; got '{other}'"]);
        }
    }
}
