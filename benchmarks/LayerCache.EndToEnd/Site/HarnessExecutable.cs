namespace LayerCache.EndToEnd.Site;

/// <summary>Where the running layercache-e2e is, to start copies of it (the relay) inside the site's namespaces.</summary>
internal static class HarnessExecutable
{
    /// <summary>The apphost when started through it; the .dll when started as <c>dotnet layercache-e2e.dll</c>.</summary>
    public static string Path =>
        Environment.ProcessPath is { } path && System.IO.Path.GetFileNameWithoutExtension(path) != "dotnet"
            ? path
            : typeof(HarnessExecutable).Assembly.Location;
}
