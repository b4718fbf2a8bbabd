namespace LayerCache.Registry;

/// <summary>
/// What another puller (containerd's CRI) needs to log in to a registry as this client would: the credential, and the
/// address of the registry's own server (<c>https://host[:port]</c>), which the credential must go to and no mirror.
/// </summary>
public sealed record RegistryLogin(Uri ServerAddress, RegistryCredential Credential);
