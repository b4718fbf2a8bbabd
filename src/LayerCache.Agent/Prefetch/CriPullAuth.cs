using Grpc.Core;
using LayerCache.Containerd;
using LayerCache.Registry;

namespace LayerCache.Agent.Prefetch;

/// <summary>
/// Credentials for a CRI pull, as the kubelet would pass an image pull Secret's: the registry's credential from the agent's
/// credentials file, bound to the registry's own server (containerd then gives it to no mirror). A failed pull is described
/// with whether credentials went with it, never with them.
/// </summary>
internal static class CriPullAuth
{
    public static CriPullCredentials? Credentials(RegistryLogin? login)
    {
        if (login is null)
        {
            return null;
        }

        var server = login.ServerAddress.GetLeftPart(UriPartial.Authority);
        var credential = login.Credential;

        // containerd reads a user name before an identity token (its ParseAuth), so a token goes alone.
        return credential.IdentityToken is { } token
            ? new CriPullCredentials(IdentityToken: token, ServerAddress: server)
            : new CriPullCredentials(credential.Username, credential.Password, ServerAddress: server);
    }

    /// <summary>The same status, with a message that names the image and says whether credentials went with the pull.</summary>
    public static RpcException Describe(RpcException error, string reference, string? registry, bool withCredentials)
    {
        var how = withCredentials ? $"with the credentials for {registry}" : $"without credentials (none for {registry ?? "its registry"} in the registry credentials file)";
        return new RpcException(error.Status, $"CRI pull of {reference} {how} failed: {error.Status.Detail}");
    }

    /// <summary>
    /// Whether containerd's error says the registry refused us. Its messages are all there is: "failed to authorize",
    /// "pull access denied", or the registry's "401 Unauthorized"/"403 Forbidden".
    /// </summary>
    public static bool IsRefused(RpcException error) =>
        new[] { "401 Unauthorized", "403 Forbidden", "failed to authorize", "pull access denied" }
            .Any(s => error.Status.Detail.Contains(s, StringComparison.OrdinalIgnoreCase));
}
