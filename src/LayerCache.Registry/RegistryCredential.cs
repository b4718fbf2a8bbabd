namespace LayerCache.Registry;

/// <summary>Credentials for one registry: user name and password, or an identity (refresh) token.</summary>
public sealed record RegistryCredential(string? Username, string? Password, string? IdentityToken = null)
{
    public override string ToString() => Username ?? "<identity token>";
}
