using YamlDotNet.Serialization;

namespace LayerCache.Deploy.Tests.Scheduler;

/// <summary><c>leaderElection</c> of a KubeSchedulerConfiguration (component-base's LeaderElectionConfiguration).</summary>
internal sealed class SchedulerLeaderElection
{
    [YamlMember(Alias = "leaderElect")]
    public bool LeaderElect { get; set; }

    [YamlMember(Alias = "leaseDuration")]
    public string? LeaseDuration { get; set; }

    [YamlMember(Alias = "renewDeadline")]
    public string? RenewDeadline { get; set; }

    [YamlMember(Alias = "retryPeriod")]
    public string? RetryPeriod { get; set; }

    [YamlMember(Alias = "resourceLock")]
    public string? ResourceLock { get; set; }

    [YamlMember(Alias = "resourceName")]
    public string? ResourceName { get; set; }

    [YamlMember(Alias = "resourceNamespace")]
    public string? ResourceNamespace { get; set; }
}
