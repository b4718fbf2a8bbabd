using LayerCache.Registry;

namespace LayerCache.Testing.Registry;

/// <summary>A registry with htpasswd (HTTP Basic) authentication; the valid credentials are <see cref="Username"/>/<see cref="Password"/>.</summary>
public sealed class BasicAuthRegistryFixture : RegistryFixture
{
    public const string Username = "basic-user";
    public const string Password = "basic-s3cret";

    // bcrypt (cost 4, so the registry checks it fast) of Password; the registry reads only bcrypt htpasswd entries.
    private const string PasswordHash = "$2b$04$Uj77n6LygpseILp4uYyfXu6Itl8eOcFdDffgkJGeYPIMtIpfla2Qu";

    public override RegistryOptions CreateOptions()
    {
        var options = base.CreateOptions();
        options.Credentials[Host] = new RegistryCredential(Username, Password);
        return options;
    }

    public RegistryOptions CreateOptionsWithoutCredentials() => base.CreateOptions();

    protected override async Task<string?> StartAuthAsync()
    {
        var path = Path.Combine(Directory, "htpasswd");
        await File.WriteAllTextAsync(path, $"{Username}:{PasswordHash}\n").ConfigureAwait(false);
        return $"""
            auth:
              htpasswd:
                realm: layercache-basic
                path: {path}

            """;
    }
}
