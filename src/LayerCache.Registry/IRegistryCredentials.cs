namespace LayerCache.Registry;

/// <summary>Where a client finds the credentials for a registry host (<c>host[:port]</c>; Docker Hub by any of its names).</summary>
public interface IRegistryCredentials
{
    RegistryCredential? Find(string registry);
}
