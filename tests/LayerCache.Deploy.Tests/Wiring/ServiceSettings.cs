using System.Text;
using k8s.Models;
using LayerCache.Deploy.Tests.Rendering;
using Microsoft.Extensions.Configuration;

namespace LayerCache.Deploy.Tests.Wiring;

/// <summary>
/// The settings a LayerCache container will read: the appsettings.json in its content root (DOTNET_CONTENTROOT), which
/// is a mounted ConfigMap; found through the rendered objects the way the kubelet and the .NET host find it.
/// </summary>
internal sealed class ServiceSettings
{
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
        var configuration = new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json))).Build();
        return new ServiceSettings(json, configuration);
    }
}
