namespace LayerCache.Registry;

/// <summary>A request would use plain HTTP to a host that is not configured as insecure; nothing was sent.</summary>
public sealed class InsecureRegistryException(Uri uri)
    : RegistryException($"Refusing plain HTTP to {uri.Authority} ({uri.GetLeftPart(UriPartial.Path)}): add '{uri.Authority}' to RegistryOptions.InsecureHosts to allow it.")
{
    public Uri Uri { get; } = uri;
}
