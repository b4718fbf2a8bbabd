using k8s.Models;
using LayerCache.Deploy.Tests.Rendering;

namespace LayerCache.Deploy.Tests.Scheduler;

/// <summary>The rendered layercache-scheduler: its pod, and the configuration file its <c>--config</c> flag reads.</summary>
internal sealed record SchedulerSetup(RenderedOverlay Overlay, Workload Workload, V1Container Container, SchedulerConfiguration Configuration)
{
    public const string Name = "layercache-scheduler";

    public static SchedulerSetup Of(RenderedOverlay overlay)
    {
        var workload = overlay.Workload(Name);
        var container = Assert.Single(workload.Pod.Containers);
        var flag = Assert.Single((container.Command ?? []).Concat(container.Args ?? []), a => a.StartsWith("--config=", StringComparison.Ordinal));
        var path = flag["--config=".Length..];
        var mount = Assert.Single(container.VolumeMounts, m => path.StartsWith(m.MountPath.TrimEnd('/') + "/", StringComparison.Ordinal));
        var configMap = overlay.Get<V1ConfigMap>(workload.Pod.Volumes.Single(v => v.Name == mount.Name).ConfigMap.Name, workload.Namespace);
        var yaml = configMap.Data[path[(mount.MountPath.TrimEnd('/').Length + 1)..]];
        return new SchedulerSetup(overlay, workload, container, SchedulerConfiguration.Parse(yaml));
    }
}
