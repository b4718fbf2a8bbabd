namespace LayerCache.EndToEnd.Tests.Site;

/// <summary>
/// The harness as the project reference copies it beside the tests. Its Program.cs must route
/// <c>site-hold</c>, <c>relay</c> and <c>--cleanup</c> to the Site commands for the killed-run test.
/// </summary>
internal static class E2eExecutable
{
    public static string Path => System.IO.Path.Combine(AppContext.BaseDirectory, "layercache-e2e.dll");
}
