namespace LayerCache.LoadTest.Cluster;

/// <summary>The checkout this program was built in: the nearest folder above it that holds LayerCache.sln.</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "LayerCache.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("LayerCache.sln not found above " + AppContext.BaseDirectory);
    }
}
