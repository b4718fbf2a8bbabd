using System.Diagnostics;

namespace LayerCache.AgentBenchmarks;

/// <summary>Progress on stderr with the time since start, so stdout stays the Markdown result.</summary>
public sealed class ProgressLog(TextWriter error)
{
    private readonly Stopwatch _wall = Stopwatch.StartNew();

    public void Write(string line) => error.WriteLine($"[{_wall.Elapsed.TotalSeconds,6:F1}s] {line}");
}
