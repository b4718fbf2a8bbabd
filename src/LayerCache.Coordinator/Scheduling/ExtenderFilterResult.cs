using System.Text.Json;

namespace LayerCache.Coordinator.Scheduling;

/// <summary>The extender's answer to filter (k8s.io/kube-scheduler/extender/v1 ExtenderFilterResult), Go field names.</summary>
public sealed class ExtenderFilterResult
{
    public JsonElement? Nodes { get; set; }

    public List<string>? NodeNames { get; set; }

    public Dictionary<string, string> FailedNodes { get; set; } = [];

    public Dictionary<string, string> FailedAndUnresolvableNodes { get; set; } = [];

    public string Error { get; set; } = string.Empty;
}
