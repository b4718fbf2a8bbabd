namespace LayerCache.Containerd;

/// <summary>
/// Registry credentials handed to containerd's CRI pull: a user and password, or a token. containerd gives them only to the
/// host of <see cref="ServerAddress"/> (<c>https://host[:port]</c>) when it is set, and to every host it pulls from when not.
/// </summary>
public sealed record CriPullCredentials(
    string? Username = null,
    string? Password = null,
    string? IdentityToken = null,
    string? RegistryToken = null,
    string? ServerAddress = null)
{
    /// <summary>Names the server and the user only: a record would print the password, and this may end up in a log.</summary>
    public override string ToString() => $"{nameof(CriPullCredentials)} {{ ServerAddress = {ServerAddress}, Username = {Username} }}";
}
