using k8s;
using k8s.Models;

namespace LayerCache.Deploy.Tests.Rendering;

/// <summary>One overlay as <c>kubectl kustomize</c> renders it, read into typed objects.</summary>
internal sealed class RenderedOverlay
{
    public RenderedOverlay(string name, IReadOnlyList<IKubernetesObject> objects)
    {
        Name = name;
        Objects = objects;
        Workloads = [.. objects.Select(ToWorkload).OfType<Workload>()];
    }

    public string Name { get; }

    public IReadOnlyList<IKubernetesObject> Objects { get; }

    public IReadOnlyList<Workload> Workloads { get; }

    public IEnumerable<T> All<T>() => Objects.OfType<T>();

    public T? Find<T>(string name, string? ns = null)
        where T : IKubernetesObject<V1ObjectMeta> =>
        All<T>().SingleOrDefault(o => o.Metadata.Name == name && (ns is null || o.Metadata.NamespaceProperty == ns));

    public T Get<T>(string name, string? ns = null)
        where T : IKubernetesObject<V1ObjectMeta> =>
        Find<T>(name, ns) ?? throw new InvalidOperationException($"{Name} renders no {typeof(T).Name} {ns}/{name}");

    public Workload Workload(string name) =>
        Workloads.SingleOrDefault(w => w.Name == name) ?? throw new InvalidOperationException($"{Name} renders no workload {name}");

    private Workload? ToWorkload(IKubernetesObject o) => o switch
    {
        V1Deployment d => new Workload(Name, d.Kind, d.Metadata.Name, d.Metadata.NamespaceProperty, d.Spec.Selector, d.Spec.Template),
        V1DaemonSet d => new Workload(Name, d.Kind, d.Metadata.Name, d.Metadata.NamespaceProperty, d.Spec.Selector, d.Spec.Template),
        V1StatefulSet s => new Workload(Name, s.Kind, s.Metadata.Name, s.Metadata.NamespaceProperty, s.Spec.Selector, s.Spec.Template),
        _ => null,
    };
}
