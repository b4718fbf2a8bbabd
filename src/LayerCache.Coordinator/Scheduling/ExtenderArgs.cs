using System.Text.Json;

namespace LayerCache.Coordinator.Scheduling;

/// <summary>
/// What kube-scheduler posts to an extender (k8s.io/kube-scheduler/extender/v1 ExtenderArgs). The Go type has no
/// JSON tags, so the keys are its field names; Go matches them case-insensitively, and so does this parser.
/// <see cref="Nodes"/> is kept as sent, so that filter can hand it back unchanged.
/// </summary>
public sealed class ExtenderArgs
{
    public Pod? Pod { get; set; }

    /// <summary>A v1 NodeList; sent when the extender is not nodeCacheCapable.</summary>
    public JsonElement? Nodes { get; set; }

    /// <summary>Sent when the extender is nodeCacheCapable.</summary>
    public List<string>? NodeNames { get; set; }
}
