using System.Text;
using k8s.Models;
using LayerCache.Deploy.Tests.Rendering;
using Microsoft.Extensions.Configuration;

namespace LayerCache.Deploy.Tests.Wiring;

/// <summary>
/// The settings a LayerCache container will read: the appsettings.json in its content root (DOTNET_CONTENTROOT), which
/// is a mounted ConfigMap; found through the rendered objects the way the kubelet and the .NET host find it. The
/// container's environment overrides it (<c>Agent__Peers__Port</c> is <c>Agent:Peers:Port</c>), as the kubelet would set
/// it: <c>$(NAME)</c> expanded from the variables before, fields of the pod from <see cref="ExampleFields"/>, a Secret's
/// key as a placeholder.
/// </summary>
internal sealed partial class ServiceSettings
{
    /// <summary>What the kubelet would give the downward API's fields on one example node.</summary>
    public static readonly IReadOnlyDictionary<string, string> ExampleFields = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["spec.nodeName"] = "edge-node-1",
        ["status.podIP"] = "10.244.1.7",
        ["metadata.labels['topology.kubernetes.io/zone']"] = "edge-site-1",
    };

    private const string ContentRootVariable = "DOTNET_CONTENTROOT";
    private const string FileName = "appsettings.json";

    private ServiceSettings(string json, IConfiguration configuration)
    {
        Json = json;
        Configuration = configuration;
    }

    public string Json { get; }

    public IConfiguration Configuration { get; }

    /// <summary>The ports the service's HTTP endpoints listen on: <c>Urls</c> and <c>Kestrel:Endpoints:*:Url</c>.</summary>
    public IReadOnlySet<int> HttpPorts =>
        (Configuration["Urls"] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Concat(Configuration.GetSection("Kestrel:Endpoints").GetChildren().Select(e => e["Url"]).OfType<string>())
            .Select(url => new Uri(url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal)).Port)
            .ToHashSet();

    public static ServiceSettings Of(RenderedOverlay overlay, Workload workload, V1Container container)
    {
        var root = container.Env?.SingleOrDefault(e => e.Name == ContentRootVariable)?.Value
            ?? throw new InvalidOperationException($"{workload.Describe(container)} sets no {ContentRootVariable}");
        var mount = container.VolumeMounts?.SingleOrDefault(m => m.MountPath.TrimEnd('/') == root.TrimEnd('/'))
            ?? throw new InvalidOperationException($"{workload.Describe(container)} mounts nothing at its content root {root}");
        var volume = workload.Pod.Volumes?.SingleOrDefault(v => v.Name == mount.Name)
            ?? throw new InvalidOperationException($"{workload} has no volume {mount.Name}");
        var configMapName = volume.ConfigMap?.Name
            ?? throw new InvalidOperationException($"{workload}: volume {mount.Name} is not a ConfigMap");
        var configMap = overlay.Get<V1ConfigMap>(configMapName, workload.Namespace);
        var json = configMap.Data?.TryGetValue(FileName, out var text) == true
            ? text
            : throw new InvalidOperationException($"ConfigMap {configMapName} holds no {FileName}");
        var configuration = new ConfigurationBuilder()
            .AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json)))
            .AddInMemoryCollection(Environment(workload, container))
            .Build();
        return new ServiceSettings(json, configuration);
    }

    /// <summary>The container's variables as configuration keys, with the values the kubelet would give them.</summary>
    private static Dictionary<string, string?> Environment(Workload workload, V1Container container)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var variable in container.Env ?? [])
        {
            string? value = variable.Value is { } literal
                ? Reference().Replace(literal, m => values.TryGetValue(m.Groups[1].Value, out var earlier) ? earlier : m.Value)
                : variable.ValueFrom?.FieldRef is { } field
                    ? ExampleFields.TryGetValue(field.FieldPath, out var example) ? example : throw new InvalidOperationException($"{workload.Describe(container)}: no example value for field {field.FieldPath}")
                    : variable.ValueFrom?.SecretKeyRef is { } secret ? $"secret-{secret.Key}" : null;
            if (value is not null)
            {
                values[variable.Name] = value;
            }
        }

        return values.ToDictionary(v => v.Key.Replace("__", ":", StringComparison.Ordinal), v => (string?)v.Value, StringComparer.OrdinalIgnoreCase);
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\$\(([A-Za-z_][A-Za-z0-9_]*)\)")]
    private static partial System.Text.RegularExpressions.Regex Reference();
}
