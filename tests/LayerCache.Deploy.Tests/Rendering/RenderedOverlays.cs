using System.Collections.Concurrent;

namespace LayerCache.Deploy.Tests.Rendering;

/// <summary>Every overlay under deploy/overlays, rendered once per test run (kubectl runs once per overlay) and shared.</summary>
public sealed class RenderedOverlays
{
    private readonly ConcurrentDictionary<string, Lazy<RenderedOverlay>> _rendered = new(StringComparer.Ordinal);

    internal static IReadOnlyList<string> Names => RepositoryPaths.OverlayNames();

    internal RenderedOverlay this[string name] =>
        _rendered.GetOrAdd(name, n => new Lazy<RenderedOverlay>(() => Render(n))).Value;

    internal IEnumerable<RenderedOverlay> All => Names.Select(n => this[n]);

    internal IEnumerable<Workload> Workloads => All.SelectMany(o => o.Workloads);

    private static RenderedOverlay Render(string name) =>
        new(name, Manifest.Parse(Kubectl.Kustomize(RepositoryPaths.Overlay(name))));
}
