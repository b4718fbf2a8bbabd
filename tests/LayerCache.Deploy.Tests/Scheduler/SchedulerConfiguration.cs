using YamlDotNet.Serialization;

namespace LayerCache.Deploy.Tests.Scheduler;

/// <summary>
/// The fields of kube-scheduler's <c>KubeSchedulerConfiguration</c> (kubescheduler.config.k8s.io/v1) that LayerCache's
/// configurations use, named as in the upstream Go types' JSON tags. kube-scheduler reads its configuration strictly
/// and stops on a field it does not know, so <see cref="Parse"/> does too: add a field here before using it there.
/// </summary>
internal sealed class SchedulerConfiguration
{
    [YamlMember(Alias = "apiVersion")]
    public string ApiVersion { get; set; } = "";

    [YamlMember(Alias = "kind")]
    public string Kind { get; set; } = "";

    [YamlMember(Alias = "clientConnection")]
    public Dictionary<string, object>? ClientConnection { get; set; }

    [YamlMember(Alias = "leaderElection")]
    public SchedulerLeaderElection? LeaderElection { get; set; }

    [YamlMember(Alias = "profiles")]
    public List<SchedulerProfile> Profiles { get; set; } = [];

    [YamlMember(Alias = "extenders")]
    public List<SchedulerExtender> Extenders { get; set; } = [];

    public static SchedulerConfiguration Parse(string yaml) =>
        new DeserializerBuilder().Build().Deserialize<SchedulerConfiguration>(yaml);
}
