using k8s.Models;

namespace LayerCache.Deploy.Tests.Rendering;

/// <summary>A rendered object that runs pods (Deployment or DaemonSet): its selector and its pod template.</summary>
internal sealed record Workload(string Overlay, string Kind, string Name, string Namespace, V1LabelSelector Selector, V1PodTemplateSpec Template)
{
    public V1PodSpec Pod => Template.Spec;

    public IEnumerable<V1Container> AllContainers => (Pod.InitContainers ?? []).Concat(Pod.Containers);

    public override string ToString() => $"{Overlay}: {Kind} {Namespace}/{Name}";

    public string Describe(V1Container container) => $"{this}, container {container.Name}";
}
