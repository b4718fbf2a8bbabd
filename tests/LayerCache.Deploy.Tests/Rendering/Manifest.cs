using k8s;

namespace LayerCache.Deploy.Tests.Rendering;

/// <summary>
/// Reads Kubernetes YAML into the API's own model types (<c>k8s.Models.V1*</c>), one per kind, strictly: a field the
/// type does not have (a misspelling, a field at the wrong level) or a kind the API does not know throws, where
/// the API server would reject the object or, worse, drop the field without a word.
/// </summary>
internal static class Manifest
{
    public static IReadOnlyList<IKubernetesObject> Parse(string yaml) =>
        [.. KubernetesYaml.LoadAllFromString(yaml, typeMap: null, strict: true).Select(AsKubernetesObject)];

    private static IKubernetesObject AsKubernetesObject(object parsed) =>
        parsed as IKubernetesObject ?? throw new InvalidDataException($"{parsed.GetType().Name} is not a Kubernetes object");
}
