namespace LayerCache.Deploy.Tests.Rendering;

/// <summary>Where the manifests are: found from the test's own folder, so the tests run from any working directory.</summary>
internal static class RepositoryPaths
{
    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    public static string Root => LazyRoot.Value;

    public static string Deploy => Path.Combine(Root, "deploy");

    public static string Overlay(string name) => Path.Combine(Deploy, "overlays", name);

    /// <summary>Every folder under deploy/overlays, by name, sorted.</summary>
    public static IReadOnlyList<string> OverlayNames() =>
        [.. Directory.GetDirectories(Path.Combine(Deploy, "overlays")).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)];

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "LayerCache.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no LayerCache.sln above {AppContext.BaseDirectory}");
    }
}
