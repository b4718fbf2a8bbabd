namespace LayerCache.Testing;

/// <summary>The repository's root folder (the one holding LayerCache.sln), found from the test's own folder.</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "LayerCache.sln")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException("LayerCache.sln not found above " + AppContext.BaseDirectory);
    }
}
