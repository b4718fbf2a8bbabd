using System.Text.Json;

namespace LayerCache.Cli.Coordinator;

/// <summary>A successful answer: its text exactly as sent (what <c>--output json</c> prints) and parsed (what tables read).</summary>
internal sealed class ApiAnswer(string text, JsonDocument document) : IDisposable
{
    public string Text { get; } = text;

    public JsonElement Root => document.RootElement;

    public void Dispose() => document.Dispose();
}
