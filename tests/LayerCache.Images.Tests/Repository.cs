using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace LayerCache.Images.Tests;

/// <summary>The repository under test: its root, the images' version as the kustomize base sets it, this machine's architecture.</summary>
internal static partial class Repository
{
    public static string Root { get; } = FindRoot();

    public static string Path(string relative) => System.IO.Path.Combine(Root, relative);

    /// <summary>Every <c>newTag</c> under <c>images:</c> of deploy/base/kustomization.yaml, in order.</summary>
    public static IReadOnlyList<string> NewTags() =>
        [.. NewTag().Matches(File.ReadAllText(Path("deploy/base/kustomization.yaml"))).Select(m => m.Groups[1].Value)];

    /// <summary>The one version both images carry (a test holds the base to one).</summary>
    public static string Version => NewTags()[0];

    /// <summary>This machine's architecture as OCI names it, the one build.sh builds for by default.</summary>
    public static string Architecture { get; } = RuntimeInformation.OSArchitecture switch
    {
        System.Runtime.InteropServices.Architecture.X64 => "amd64",
        System.Runtime.InteropServices.Architecture.Arm64 => "arm64",
        var other => throw new PlatformNotSupportedException($"no LayerCache image for {other}"),
    };

    [GeneratedRegex(@"^\s*newTag:\s*(\S+)\s*$", RegexOptions.Multiline)]
    private static partial Regex NewTag();

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "LayerCache.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No LayerCache.sln above {AppContext.BaseDirectory}.");
    }
}
