using System.Text;
using System.Text.Json;

namespace LayerCache.Registry;

/// <summary>
/// Credentials from a docker <c>config.json</c>: <c>auths</c> entries keyed by registry (with or without a scheme),
/// each holding <c>auth</c> (base64 of user:password) or <c>username</c>/<c>password</c>, and optionally <c>identitytoken</c>.
/// Credential helpers (<c>credsStore</c>) are not run.
/// </summary>
public sealed class DockerConfigCredentials : IRegistryCredentials
{
    private readonly Dictionary<string, RegistryCredential> _byHost;

    private DockerConfigCredentials(Dictionary<string, RegistryCredential> byHost)
    {
        _byHost = byHost;
    }

    public static DockerConfigCredentials Empty { get; } = new(new Dictionary<string, RegistryCredential>(StringComparer.OrdinalIgnoreCase));

    public int Count => _byHost.Count;

    /// <summary>The registries there are credentials for (never the credentials themselves).</summary>
    public IReadOnlyCollection<string> Registries => _byHost.Keys;

    /// <summary>The path docker itself reads: <c>$DOCKER_CONFIG/config.json</c>, else <c>~/.docker/config.json</c>.</summary>
    public static string DefaultPath()
    {
        var dir = Environment.GetEnvironmentVariable("DOCKER_CONFIG");
        if (string.IsNullOrEmpty(dir))
        {
            dir = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".docker");
        }

        return Path.Combine(dir, "config.json");
    }

    /// <summary>Reads the file; a missing file means no credentials, a malformed one is an error that names the file.</summary>
    public static DockerConfigCredentials Load(string path)
    {
        if (!File.Exists(path))
        {
            return Empty;
        }

        try
        {
            return Parse(File.ReadAllText(path));
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
        {
            throw new RegistryException($"Docker config '{path}' is not valid: {e.Message}", innerException: e);
        }
    }

    public static DockerConfigCredentials Parse(string json)
    {
        var byHost = new Dictionary<string, RegistryCredential>(StringComparer.OrdinalIgnoreCase);
        using var document = JsonDocument.Parse(json);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("the file is not a JSON object");
        }

        if (!document.RootElement.TryGetProperty("auths", out var auths))
        {
            return new DockerConfigCredentials(byHost);
        }

        if (auths.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("'auths' is not an object of registry entries");
        }

        foreach (var entry in auths.EnumerateObject())
        {
            var credential = ReadEntry(entry.Name, entry.Value);
            if (credential is not null)
            {
                byHost[NormalizeHost(entry.Name)] = credential;
            }
        }

        return new DockerConfigCredentials(byHost);
    }

    /// <summary>The credential for a registry host (<c>host[:port]</c>); Docker Hub's aliases all find its entry.</summary>
    public RegistryCredential? Find(string host)
    {
        var key = NormalizeHost(host);
        return _byHost.GetValueOrDefault(key);
    }

    private static RegistryCredential? ReadEntry(string name, JsonElement entry)
    {
        if (entry.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"the entry for '{name}' is not an object");
        }

        var username = GetString(entry, "username");
        var password = GetString(entry, "password");
        var identityToken = GetString(entry, "identitytoken");
        var auth = GetString(entry, "auth");
        if (!string.IsNullOrEmpty(auth))
        {
            var bytes = new byte[auth.Length];
            var decoded = Convert.TryFromBase64String(auth, bytes, out var length) ? Encoding.UTF8.GetString(bytes, 0, length) : string.Empty;
            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                // Names the entry, never the value: the message may be logged.
                throw new FormatException($"the 'auth' of '{name}' is not base64 of user:password");
            }

            username = decoded[..colon];
            password = decoded[(colon + 1)..];
        }

        if (string.IsNullOrEmpty(username) && string.IsNullOrEmpty(identityToken))
        {
            return null;
        }

        return new RegistryCredential(username, password, string.IsNullOrEmpty(identityToken) ? null : identityToken);
    }

    private static string? GetString(JsonElement entry, string name) =>
        entry.ValueKind == JsonValueKind.Object && entry.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    // Keys look like "https://index.docker.io/v1/", "host:5000" or "https://host:5000".
    private static string NormalizeHost(string key)
    {
        var host = key;
        var scheme = host.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
        {
            host = host[(scheme + 3)..];
        }

        var slash = host.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            host = host[..slash];
        }

        return host.ToLowerInvariant() is "index.docker.io" or "registry-1.docker.io" or "registry.hub.docker.com"
            ? ImageReference.DockerHub
            : host.ToLowerInvariant();
    }
}
