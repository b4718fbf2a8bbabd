using YamlDotNet.Serialization;

namespace LayerCache.Deploy.Tests.Scheduler;

/// <summary>One of <c>extenders</c> of a KubeSchedulerConfiguration (the v1 Extender type).</summary>
internal sealed class SchedulerExtender
{
    [YamlMember(Alias = "urlPrefix")]
    public string UrlPrefix { get; set; } = "";

    [YamlMember(Alias = "filterVerb")]
    public string? FilterVerb { get; set; }

    [YamlMember(Alias = "preemptVerb")]
    public string? PreemptVerb { get; set; }

    [YamlMember(Alias = "prioritizeVerb")]
    public string? PrioritizeVerb { get; set; }

    [YamlMember(Alias = "bindVerb")]
    public string? BindVerb { get; set; }

    [YamlMember(Alias = "weight")]
    public int Weight { get; set; }

    [YamlMember(Alias = "enableHTTPS")]
    public bool EnableHttps { get; set; }

    [YamlMember(Alias = "httpTimeout")]
    public string? HttpTimeout { get; set; }

    [YamlMember(Alias = "nodeCacheCapable")]
    public bool NodeCacheCapable { get; set; }

    [YamlMember(Alias = "ignorable")]
    public bool Ignorable { get; set; }

    /// <summary>The verbs this extender calls, each appended to <see cref="UrlPrefix"/>.</summary>
    public IEnumerable<string> Verbs => new[] { FilterVerb, PreemptVerb, PrioritizeVerb, BindVerb }.OfType<string>();
}
