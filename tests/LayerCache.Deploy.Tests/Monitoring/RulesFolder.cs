using LayerCache.Testing.Prometheus;

namespace LayerCache.Deploy.Tests.Monitoring;

/// <summary>A temp folder holding the shipped rules as rules.yaml (the PrometheusRule's spec) and rules.test.yaml beside it.</summary>
internal sealed class RulesFolder : IDisposable
{
    public RulesFolder(string? rules = null)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "layercache-rules-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Path);
        File.WriteAllText(System.IO.Path.Combine(Path, "rules.yaml"), rules ?? MonitoringFiles.RulesFile());
        File.Copy(System.IO.Path.Combine(MonitoringFiles.Directory, "rules.test.yaml"), System.IO.Path.Combine(Path, "rules.test.yaml"));
    }

    public string Path { get; }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
