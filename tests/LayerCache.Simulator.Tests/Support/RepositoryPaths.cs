namespace LayerCache.Simulator.Tests.Support;

/// <summary>Files of the repository the tests read, found from the test binaries upwards.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string ShippedCorpus => Path.Combine(Root, "benchmarks", "data", "dockerhub-official-2019.jsonl");

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "LayerCache.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No folder above {AppContext.BaseDirectory} holds LayerCache.sln.");
    }
}
