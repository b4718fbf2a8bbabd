namespace LayerCache.Coordinator.Scheduling;

/// <summary>The parts of a v1 Pod that placement reads; every other field of the Kubernetes object is ignored.</summary>
public sealed class Pod
{
    public PodMetadata? Metadata { get; set; }

    public PodSpec? Spec { get; set; }

    /// <summary>The images of every container, init containers first (they are pulled first), as written in the spec.</summary>
    public List<string> Images()
    {
        var images = new List<string>();
        foreach (var container in (Spec?.InitContainers ?? []).Concat(Spec?.Containers ?? []))
        {
            if (!string.IsNullOrWhiteSpace(container?.Image))
            {
                images.Add(container.Image);
            }
        }

        return images;
    }
}

public sealed class PodMetadata
{
    public string? Uid { get; set; }

    public string? Name { get; set; }

    public string? Namespace { get; set; }
}

public sealed class PodSpec
{
    public List<PodContainer?>? Containers { get; set; }

    public List<PodContainer?>? InitContainers { get; set; }
}

public sealed class PodContainer
{
    public string? Name { get; set; }

    public string? Image { get; set; }
}
