namespace LayerCache.Registry;

/// <summary>
/// Reads containerd's <c>certs.d/&lt;host&gt;/hosts.toml</c> (https://github.com/containerd/containerd/blob/main/docs/hosts.md)
/// into the endpoints to try, in order: the <c>[host."..."]</c> entries as written, then <c>server</c> (the registry itself when
/// absent). Read: <c>server</c>, <c>capabilities</c>, <c>skip_verify</c>, <c>ca</c>, <c>override_path</c>. Noted and ignored:
/// <c>client</c> (TLS client certificates), <c>header</c>, <c>dial_timeout</c>, <c>proxy</c> and unknown keys.
/// </summary>
internal static class HostsFile
{
    public const string FileName = "hosts.toml";

    private static readonly string[] Unsupported = ["client", "header", "dial_timeout", "proxy"];

    /// <summary>Throws <see cref="FormatException"/> saying where the file is wrong; adds to <paramref name="notes"/> what it ignores.</summary>
    public static IReadOnlyList<RegistryEndpoint> Parse(string text, string directory, RegistryEndpoint defaultServer, ICollection<string> notes)
    {
        var root = TomlReader.Parse(text);
        var endpoints = new List<RegistryEndpoint>();
        if (root["host"] is { } hosts)
        {
            var table = hosts as TomlTable ?? throw new FormatException("'host' must be a table of [host.\"<url>\"] entries");
            foreach (var url in table.Keys)
            {
                var where = $"host.\"{WithoutUserInfo(url)}\"";
                var entry = table[url] as TomlTable ?? throw new FormatException($"{where} must be a table");
                endpoints.Add(Endpoint(defaultServer.Registry, url, entry, where, directory, notes, isMirror: true));
            }
        }

        var server = root["server"] switch
        {
            null => null,
            string s => s,
            _ => throw new FormatException("'server' must be a string (a URL)"),
        };
        var upstream = server is null
            ? WithSettings(defaultServer, ReadSettings(root, "the top level", directory, notes, ["server", "host"]))
            : Endpoint(defaultServer.Registry, server, root, "server", directory, notes, isMirror: false, ["server", "host"]);

        // containerd's own fixture style lists the server as a [host] too; one endpoint, tried once, is the server.
        var same = endpoints.FindIndex(e => e.Root == upstream.Root);
        if (same >= 0)
        {
            endpoints[same] = endpoints[same] with { IsMirror = false };
            return endpoints;
        }

        endpoints.Add(upstream);
        return endpoints;
    }

    private static RegistryEndpoint Endpoint(
        string registry, string url, TomlTable table, string where, string directory, ICollection<string> notes, bool isMirror, string[]? alsoKnown = null)
    {
        var settings = ReadSettings(table, where, directory, notes, alsoKnown ?? []);
        return WithSettings(new RegistryEndpoint(registry, Root(url, settings.OverridePath, where), settings.Capabilities, isMirror), settings);
    }

    private static RegistryEndpoint WithSettings(RegistryEndpoint endpoint, HostSettings settings) =>
        endpoint with { Capabilities = settings.Capabilities, SkipVerify = settings.SkipVerify, CaFiles = settings.CaFiles };

    // containerd: no scheme means https; the API root is the URL's path plus /v2 unless override_path says the path is the root.
    private static Uri Root(string url, bool overridePath, string where)
    {
        var text = url.Contains("://", StringComparison.Ordinal) ? url : "https://" + url;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.Host.Length == 0)
        {
            throw new FormatException($"{where}: '{WithoutUserInfo(url)}' is not an http or https URL");
        }

        if (uri.UserInfo.Length > 0 || uri.Query.Length > 0 || uri.Fragment.Length > 0)
        {
            throw new FormatException($"{where}: a host URL has no user, query or fragment");
        }

        var path = uri.AbsolutePath.TrimEnd('/');
        if (!overridePath && !path.EndsWith("/v2", StringComparison.Ordinal))
        {
            path += "/v2";
        }

        return new Uri($"{uri.Scheme}://{uri.Authority}{path}/");
    }

    // Messages are logged: a password written into a URL must not be.
    private static string WithoutUserInfo(string url)
    {
        var at = url.IndexOf('@', StringComparison.Ordinal);
        var scheme = url.IndexOf("://", StringComparison.Ordinal);
        return at < 0 ? url : $"{(scheme >= 0 && scheme < at ? url[..(scheme + 3)] : string.Empty)}***{url[at..]}";
    }

    private static HostSettings ReadSettings(TomlTable table, string where, string directory, ICollection<string> notes, string[] alsoKnown)
    {
        var settings = new HostSettings(RegistryCapabilities.All, false, [], false);
        foreach (var key in table.Keys)
        {
            var value = table[key]!;
            switch (key)
            {
                case "capabilities":
                    settings = settings with { Capabilities = Capabilities(value, where) };
                    break;
                case "skip_verify":
                    settings = settings with { SkipVerify = value as bool? ?? throw new FormatException($"{where}: skip_verify must be true or false") };
                    break;
                case "override_path":
                    settings = settings with { OverridePath = value as bool? ?? throw new FormatException($"{where}: override_path must be true or false") };
                    break;
                case "ca":
                    settings = settings with { CaFiles = CaFiles(value, where, directory) };
                    break;
                case var known when alsoKnown.Contains(known):
                    break;
                case var unsupported when Unsupported.Contains(unsupported):
                    notes.Add($"{where}: '{key}' is not supported and is ignored");
                    break;
                default:
                    notes.Add($"{where}: unknown key '{key}' is ignored");
                    break;
            }
        }

        return settings;
    }

    // An empty list means every capability, as in containerd.
    private static RegistryCapabilities Capabilities(object value, string where)
    {
        var capabilities = RegistryCapabilities.None;
        foreach (var name in Strings(value, where, "capabilities"))
        {
            capabilities |= name.ToLowerInvariant() switch
            {
                "pull" => RegistryCapabilities.Pull,
                "resolve" => RegistryCapabilities.Resolve,
                "push" => RegistryCapabilities.Push,
                _ => throw new FormatException($"{where}: unknown capability '{name}' (pull, resolve, push)"),
            };
        }

        return capabilities == RegistryCapabilities.None ? RegistryCapabilities.All : capabilities;
    }

    // Relative paths are taken from the host's directory, as containerd does.
    private static string[] CaFiles(object value, string where, string directory) =>
        [.. Strings(value, where, "ca").Select(file => Path.Combine(directory, file))];

    private static IEnumerable<string> Strings(object value, string where, string key) => value switch
    {
        string one => [one],
        IReadOnlyList<object> many when many.All(v => v is string) => many.Cast<string>(),
        _ => throw new FormatException($"{where}: {key} must be a string or an array of strings"),
    };

    private sealed record HostSettings(RegistryCapabilities Capabilities, bool SkipVerify, IReadOnlyList<string> CaFiles, bool OverridePath);
}
