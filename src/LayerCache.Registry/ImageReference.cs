using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;
using LayerCache.Core.Model;

namespace LayerCache.Registry;

/// <summary>
/// A docker-style image reference, <c>[host[:port]/]repository[:tag][@digest]</c>, normalised the way docker does:
/// no host means <c>docker.io</c>, a one-component Docker Hub repository gains <c>library/</c>, and neither tag nor digest means <c>latest</c>.
/// </summary>
public sealed partial record ImageReference
{
    public const string DockerHub = "docker.io";
    public const string DockerHubEndpoint = "registry-1.docker.io";
    public const string DefaultTag = "latest";

    private ImageReference(string registry, string repository, string? tag, Digest? digest)
    {
        Registry = registry;
        Repository = repository;
        Tag = tag;
        Digest = digest;
    }

    /// <summary>The registry as written in references: <c>docker.io</c>, <c>localhost:5000</c>.</summary>
    public string Registry { get; }

    /// <summary>The repository path inside the registry: <c>library/nginx</c>.</summary>
    public string Repository { get; }

    public string? Tag { get; }

    public Digest? Digest { get; }

    /// <summary>The host[:port] to talk to: Docker Hub's API lives on <c>registry-1.docker.io</c>.</summary>
    public string EndpointHost => Registry == DockerHub ? DockerHubEndpoint : Registry;

    /// <summary>What goes after <c>/manifests/</c>: the digest when there is one, else the tag.</summary>
    public string ManifestReference => Digest?.Value ?? Tag ?? DefaultTag;

    /// <summary>The repository without tag or digest: <c>docker.io/library/nginx</c>.</summary>
    public string Name => $"{Registry}/{Repository}";

    public static ImageReference Parse(string text) =>
        TryParse(text, out var reference, out var error) ? reference : throw new FormatException(error);

    public static bool TryParse(string? text, [NotNullWhen(true)] out ImageReference? reference, [NotNullWhen(false)] out string? error)
    {
        reference = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "an image reference is required";
            return false;
        }

        if (text.Length > 4096 || text.Any(char.IsWhiteSpace))
        {
            error = $"'{Shorten(text)}' is not an image reference: it contains white space or is too long";
            return false;
        }

        var rest = text;
        Digest? digest = null;
        var at = rest.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            if (!Core.Model.Digest.TryParse(rest[(at + 1)..], out var parsed, out var digestError))
            {
                error = $"'{Shorten(text)}' has an invalid digest: {digestError}";
                return false;
            }

            digest = parsed;
            rest = rest[..at];
        }

        string? tag = null;
        var colon = rest.LastIndexOf(':');
        if (colon > rest.LastIndexOf('/'))
        {
            tag = rest[(colon + 1)..];
            rest = rest[..colon];
            if (!TagPattern().IsMatch(tag))
            {
                error = $"'{Shorten(text)}' has an invalid tag '{tag}': letters, digits, '_', '.', '-', at most 128, not starting with '.' or '-'";
                return false;
            }
        }

        var registry = DockerHub;
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        if (slash > 0 && LooksLikeHost(rest[..slash]))
        {
            registry = rest[..slash];
            rest = rest[(slash + 1)..];
            if (!HostPattern().IsMatch(registry))
            {
                error = $"'{Shorten(text)}' has an invalid registry host '{registry}'";
                return false;
            }

            if (!ValidPort(registry))
            {
                error = $"'{Shorten(text)}' has an invalid port in '{registry}': expected 1-65535";
                return false;
            }
        }

        if (registry is "index.docker.io" or DockerHubEndpoint)
        {
            registry = DockerHub;
        }

        if (rest.Length == 0)
        {
            error = $"'{Shorten(text)}' has no repository name";
            return false;
        }

        if (rest.Any(char.IsAsciiLetterUpper))
        {
            error = $"'{Shorten(text)}' is not an image reference: repository names must be lower case";
            return false;
        }

        if (!RepositoryPattern().IsMatch(rest) || rest.Length > 255)
        {
            error = $"'{Shorten(text)}' has an invalid repository name '{rest}': components of [a-z0-9] joined by '.', '_', '__' or '-', separated by '/'";
            return false;
        }

        if (registry == DockerHub && !rest.Contains('/', StringComparison.Ordinal))
        {
            rest = "library/" + rest;
        }

        if (tag is null && digest is null)
        {
            tag = DefaultTag;
        }

        reference = new ImageReference(registry, rest, tag, digest);
        error = null;
        return true;
    }

    public ImageReference WithDigest(Digest digest) => new(Registry, Repository, Tag, digest);

    public ImageReference WithTag(string tag) => Parse($"{Name}:{tag}");

    /// <summary>The fully qualified form: <c>docker.io/library/nginx:latest</c>, <c>host:5000/app@sha256:...</c>.</summary>
    public override string ToString()
    {
        var text = Name;
        if (Tag is not null)
        {
            text += ":" + Tag;
        }

        if (Digest is { } digest)
        {
            text += "@" + digest.Value;
        }

        return text;
    }

    /// <summary>Whether <paramref name="host"/> is a registry host as a reference may name one: a DNS name, an IPv4 or bracketed IPv6 address, an optional port 1-65535.</summary>
    public static bool IsRegistryHost(string host) => HostPattern().IsMatch(host) && ValidPort(host);

    // docker's rule: the first component is a host when it has a '.' or ':' or is "localhost".
    private static bool LooksLikeHost(string component) =>
        component.Contains('.', StringComparison.Ordinal) || component.Contains(':', StringComparison.Ordinal) ||
        component == "localhost" || component.StartsWith('[');

    private static bool ValidPort(string host)
    {
        var colon = host.LastIndexOf(':');
        if (colon < 0 || host.EndsWith(']'))
        {
            return true;
        }

        return int.TryParse(host[(colon + 1)..], out var port) && port is > 0 and <= 65535;
    }

    private static string Shorten(string text) => text.Length <= 100 ? text : text[..100] + "...";

    [GeneratedRegex(@"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$")]
    private static partial Regex TagPattern();

    [GeneratedRegex(@"^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*)(?::[0-9]+)?$")]
    private static partial Regex HostPattern();

    [GeneratedRegex(@"^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$")]
    private static partial Regex RepositoryPattern();
}
