namespace LayerCache.Hosting.Tests;

/// <summary>A service reads its settings from the same folder wherever it is started from, unless told otherwise.</summary>
public sealed class ContentRootTests
{
    private static readonly Func<string, string?> NoEnvironment = _ => null;

    [Fact]
    public void Default_IsTheExecutablesFolder()
    {
        Assert.Equal(AppContext.BaseDirectory, ContentRoot.Of([], NoEnvironment));
    }

    [Theory]
    [InlineData("DOTNET_CONTENTROOT")]
    [InlineData("ASPNETCORE_CONTENTROOT")]
    public void EnvironmentVariable_Wins_AsTheImagesSetIt(string variable)
    {
        Assert.Equal("/etc/layercache", ContentRoot.Of([], name => name == variable ? "/etc/layercache" : null));
    }

    [Theory]
    [InlineData("--contentRoot=/srv/lc")]
    [InlineData("--contentRoot", "/srv/lc")]
    public void CommandLine_WinsOverTheEnvironment(params string[] args)
    {
        Assert.Equal("/srv/lc", ContentRoot.Of(["--urls", "http://127.0.0.1:1", .. args], _ => "/etc/layercache"));
    }
}
