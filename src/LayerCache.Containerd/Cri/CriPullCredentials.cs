namespace LayerCache.Containerd;

/// <summary>Registry credentials handed to containerd's CRI pull: a user and password, or a token.</summary>
public sealed record CriPullCredentials(
    string? Username = null,
    string? Password = null,
    string? IdentityToken = null,
    string? RegistryToken = null,
    string? ServerAddress = null);
