namespace LayerCache.EndToEnd.Tests.Site;

/// <summary>
/// The harness as the project reference copies it beside the tests. Its Program.cs routes
/// <c>site-hold</c>, <c>relay</c> and <c>--cleanup</c> for the killed-run tests.
/// </summary>
internal static class E2eExecutable
{
    public static string Path => System.IO.Path.Combine(AppContext.BaseDirectory, "layercache-e2e.dll");

    /// <summary>The repository the tests run from (the harness finds the agent's binary there too).</summary>
    public static string RepositoryRoot => LayerCache.EndToEnd.Runs.AgentBinary.RepositoryRoot();
}
