using YamlDotNet.Serialization;

namespace LayerCache.Deploy.Tests.Scheduler;

/// <summary>One of <c>profiles</c> of a KubeSchedulerConfiguration: the scheduler name pods ask for.</summary>
internal sealed class SchedulerProfile
{
    [YamlMember(Alias = "schedulerName")]
    public string SchedulerName { get; set; } = "";
}
