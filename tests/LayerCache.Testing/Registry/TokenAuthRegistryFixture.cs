using System.Text;
using System.Text.Json;
using LayerCache.Registry;

namespace LayerCache.Testing.Registry;

/// <summary>
/// A registry that requires bearer tokens (<c>auth: token</c>), with the fixture's <see cref="TokenServer"/> as realm,
/// trusting the token server's self-signed certificate. The valid credentials are <see cref="Username"/>/<see cref="Password"/>.
/// </summary>
public sealed class TokenAuthRegistryFixture : RegistryFixture
{
    public const string Username = "layercache";
    public const string Password = "s3cret-pull";

    private TokenServer? _tokenServer;

    public TokenServer TokenServer => _tokenServer ?? throw new InvalidOperationException("The token server is not started.");

    /// <summary>Options with the valid credentials configured and plain HTTP allowed to the proxy and the token server.</summary>
    public override RegistryOptions CreateOptions()
    {
        var options = CreateOptionsWithoutCredentials();
        options.Credentials[Host] = new RegistryCredential(Username, Password);
        return options;
    }

    public RegistryOptions CreateOptionsWithoutCredentials()
    {
        var options = base.CreateOptions();
        options.InsecureHosts.Add(TokenServer.Realm.Authority);
        return options;
    }

    /// <summary>Writes a docker config.json with an <c>auths</c> entry for this registry and returns its path.</summary>
    public string WriteDockerConfig(string directory, string username, string password)
    {
        var auth = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{username}:{password}"));
        return WriteDockerConfig(directory, new Dictionary<string, string> { ["auth"] = auth });
    }

    /// <summary>Writes a docker config.json whose entry for this registry holds an <c>identitytoken</c> (a refresh token).</summary>
    public string WriteDockerConfigWithIdentityToken(string directory, string identityToken) =>
        WriteDockerConfig(directory, new Dictionary<string, string> { ["username"] = "<token>", ["identitytoken"] = identityToken });

    private string WriteDockerConfig(string directory, Dictionary<string, string> entry)
    {
        System.IO.Directory.CreateDirectory(directory);
        var json = JsonSerializer.Serialize(new { auths = new Dictionary<string, object> { [$"http://{Host}"] = entry } });
        var path = Path.Combine(directory, "config.json");
        File.WriteAllText(path, json);
        return path;
    }

    protected override async Task<string?> StartAuthAsync()
    {
        _tokenServer = new TokenServer(Username, Password);
        await _tokenServer.StartAsync().ConfigureAwait(false);
        var bundle = Path.Combine(Directory, "token-issuer.pem");
        await File.WriteAllTextAsync(bundle, _tokenServer.CertificatePem).ConfigureAwait(false);
        return $"""
            auth:
              token:
                realm: {_tokenServer.Realm}
                service: {TokenServer.Service}
                issuer: {TokenServer.Issuer}
                rootcertbundle: {bundle}

            """;
    }

    protected override async Task StopAuthAsync()
    {
        if (_tokenServer is not null)
        {
            await _tokenServer.DisposeAsync().ConfigureAwait(false);
        }
    }
}
