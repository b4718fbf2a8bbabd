using System.Reflection;
using System.Text.RegularExpressions;
using LayerCache.Cluster;

namespace LayerCache.Images.Tests;

/// <summary>The images say what the manifests expect of them: name and version, user, settings folder, architecture.</summary>
[Collection(ImagesCollection.Name)]
public sealed partial class ImageDefinitionTests(ImageNode node)
{
    [Fact]
    public void KustomizeBase_GivesBothImagesOneVersion_WhichTheAssembliesCarry()
    {
        var tags = Repository.NewTags();

        Assert.Equal(2, tags.Count);
        Assert.Single(tags.Distinct());
        var assembly = typeof(InventoryReader).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;
        Assert.Equal(Repository.Version, assembly.Split('+')[0]);
    }

    [Theory]
    [InlineData("agent", "deploy/base/agent/daemonset.yaml")]
    [InlineData("coordinator", "deploy/base/coordinator/deployment.yaml")]
    public async Task Archive_NamesItsImageAsTheManifestsDo_RunsAsTheirUser_ReadsSettingsFromTheirMount(string service, string manifest)
    {
        var archive = await OciArchive.ReadAsync(service == "agent" ? await node.AgentArchiveAsync() : await node.CoordinatorArchiveAsync());

        Assert.Equal(ImageArchives.ImageName(service), archive.RefName);
        Assert.Equal(Repository.Version, archive.Label("org.opencontainers.image.version"));
        Assert.Equal(Repository.Architecture, archive.Architecture);
        var runAsUser = RunAsUser().Match(File.ReadAllText(Repository.Path(manifest))).Groups[1].Value;
        Assert.Equal($"{runAsUser}:{runAsUser}", archive.User);
        Assert.Contains("DOTNET_CONTENTROOT=/etc/layercache", archive.Environment);
        Assert.Contains("mountPath: /etc/layercache", File.ReadAllText(Repository.Path(manifest)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("agent")]
    [InlineData("coordinator")]
    public async Task Image_PrintsTheVersionOfTheKustomizeBase(string service)
    {
        var image = await node.ImportAsync(service);

        var output = await node.Ctr.RunAsync("run", "--rm", "--snapshotter", node.Ctr.Snapshotter, image, $"layercache-{service}-version", $"/app/layercache-{service}", "--version");

        Assert.StartsWith($"layercache-{service} {Repository.Version}", output, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"runAsUser:\s*(\d+)")]
    private static partial Regex RunAsUser();
}
