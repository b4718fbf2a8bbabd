using LayerCache.Testing.Registry;

namespace LayerCache.Registry.Tests;

/// <summary>A dockerconfigjson Secret mounted as the kubelet mounts it, updated as the kubelet updates it.</summary>
public sealed class DockerConfigFileTests : IDisposable
{
    private readonly MountedSecret _secret = new();
    private readonly List<RegistryConfigIssue> _issues = [];
    private readonly List<DockerConfigCredentials> _loads = [];
    private readonly DockerConfigFile _file;

    public DockerConfigFileTests()
    {
        _file = new DockerConfigFile(_secret.FilePath);
        _file.Issue += _issues.Add;
        _file.Loaded += _loads.Add;
    }

    public void Dispose() => _secret.Dispose();

    [Fact]
    public void Find_SecretUpdatedBySymlinkSwap_SeesTheNewCredentials()
    {
        _secret.Update(MountedSecret.DockerConfigJson("registry.example.com", "alice", "first"));
        Assert.Equal("first", _file.Find("registry.example.com")!.Password);

        _secret.Update(MountedSecret.DockerConfigJson("registry.example.com", "alice", "second"));

        Assert.Equal("second", _file.Find("registry.example.com")!.Password);
        Assert.Equal(2, _loads.Count);
        Assert.Empty(_issues);
    }

    [Fact]
    public void Find_UnchangedFile_IsNotParsedAgain()
    {
        _secret.Update(MountedSecret.DockerConfigJson("registry.example.com", "alice", "pw"));

        for (var i = 0; i < 5; i++)
        {
            Assert.NotNull(_file.Find("registry.example.com"));
        }

        Assert.Single(_loads);
    }

    [Fact]
    public void Find_MalformedUpdate_KeepsThePreviousCredentialsAndIsReportedOnceWithoutTheSecret()
    {
        _secret.Update(MountedSecret.DockerConfigJson("registry.example.com", "alice", "good-password"));
        Assert.NotNull(_file.Find("registry.example.com"));

        _secret.Update("""{"auths": {"registry.example.com": {"auth": "bm90LWJhc2U2NCE@#$"}}}""");

        Assert.Equal("good-password", _file.Find("registry.example.com")!.Password);
        Assert.Equal("good-password", _file.Find("registry.example.com")!.Password);
        var issue = Assert.Single(_issues);
        Assert.True(issue.Malformed);
        Assert.Equal(_secret.FilePath, issue.Path);
        Assert.Contains("the 'auth' of 'registry.example.com' is not base64 of user:password", issue.Message, StringComparison.Ordinal);
        Assert.Contains("the credentials for 1 registries read before stay in use", issue.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("bm90LWJhc2U2NCE", issue.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[]", "the file is not a JSON object")]
    [InlineData("""{"auths": []}""", "'auths' is not an object of registry entries")]
    [InlineData("""{"auths": {"r.example": "user:pw"}}""", "the entry for 'r.example' is not an object")]
    [InlineData("{\"auths\": ", "is not a docker config")]
    public void Find_MalformedFile_IsReportedSayingWhat(string content, string expected)
    {
        _secret.Update(content);

        Assert.Null(_file.Find("r.example"));

        Assert.Contains(expected, Assert.Single(_issues).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Find_FileRemoved_KeepsTheCredentialsAndSaysSo()
    {
        _secret.Update(MountedSecret.DockerConfigJson("registry.example.com", "alice", "pw"));
        Assert.NotNull(_file.Find("registry.example.com"));

        File.Delete(_secret.FilePath);

        Assert.NotNull(_file.Find("registry.example.com"));
        var issue = Assert.Single(_issues);
        Assert.False(issue.Malformed);
        Assert.Contains("does not exist any more", issue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Find_FileMissingFromTheStart_HasNoCredentialsAndNoIssue()
    {
        Assert.Null(_file.Find("registry.example.com"));

        Assert.Empty(_issues);
        Assert.Empty(_loads);
    }
}
