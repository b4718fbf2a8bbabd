using k8s.Models;

namespace LayerCache.Deploy.Tests.Rendering;

/// <summary>Resolves a port that names or numbers a container port, as the kubelet and the Service controller do.</summary>
internal static class Ports
{
    /// <summary>The container port <paramref name="port"/> refers to in <paramref name="container"/>, or null.</summary>
    public static int? Resolve(IntOrString port, V1Container container)
    {
        if (int.TryParse(port.Value, out var number))
        {
            return container.Ports?.Any(p => p.ContainerPort == number) == true ? number : null;
        }

        return container.Ports?.SingleOrDefault(p => p.Name == port.Value)?.ContainerPort;
    }

    /// <summary>The ports of the container's HTTP probes: liveness, readiness and startup, with their paths.</summary>
    public static IEnumerable<(string Probe, V1HTTPGetAction Get)> HttpProbes(V1Container container) =>
        new[] { ("liveness", container.LivenessProbe), ("readiness", container.ReadinessProbe), ("startup", container.StartupProbe) }
            .Where(p => p.Item2?.HttpGet is not null)
            .Select(p => (p.Item1, p.Item2!.HttpGet));
}
