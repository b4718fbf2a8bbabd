using System.Text.Json;
using Xunit;

namespace LayerCache.Testing.Logging;

/// <summary>What a log collector needs of a service's stdout under <c>Logging:Format=json</c>: each line one JSON event.</summary>
public static class JsonLogLines
{
    /// <summary>Asserts every line of <paramref name="output"/> is a JSON object with a level and a message; returns the messages.</summary>
    public static IReadOnlyList<string> AssertEachIsAnEvent(string output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var messages = new List<string>();
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            using var json = JsonDocument.Parse(line);
            Assert.True(json.RootElement.TryGetProperty("LogLevel", out _), line);
            var message = json.RootElement.GetProperty("Message").GetString();
            Assert.False(string.IsNullOrEmpty(message), line);
            messages.Add(message);
        }

        return messages;
    }
}
