namespace LayerCache.EndToEnd.Scheduling;

/// <summary>One container of a <see cref="PodManifest"/>: its name and the image reference as written in the pod spec.</summary>
internal sealed record ContainerManifest(string Name, string Image)
{
    /// <summary>
    /// The API server's default: <c>Always</c> for a reference whose tag is <c>latest</c> or absent (and no digest),
    /// <c>IfNotPresent</c> otherwise (SetDefaults_Container, pkg/apis/core/v1/defaults.go).
    /// </summary>
    public string ImagePullPolicy => ImageReference.Tag(Image) is "latest" ? "Always" : "IfNotPresent";
}
