using System.Text;

namespace LayerCache.Registry.Tests;

public sealed class DockerConfigCredentialsTests
{
    [Fact]
    public void Parse_AuthField_DecodesUserAndPassword()
    {
        var auth = Convert.ToBase64String(Encoding.UTF8.GetBytes("alice:pa:ss"));

        var credentials = DockerConfigCredentials.Parse("{\"auths\":{\"https://registry.example.com\":{\"auth\":\"" + auth + "\"}}}");

        var credential = credentials.Find("registry.example.com");
        Assert.NotNull(credential);
        Assert.Equal("alice", credential.Username);
        Assert.Equal("pa:ss", credential.Password);
    }

    [Fact]
    public void Parse_UsernamePasswordAndIdentityToken_AreRead()
    {
        var credentials = DockerConfigCredentials.Parse("""
            {"auths":{"localhost:5000":{"username":"bob","password":"pw"},"ghcr.io":{"identitytoken":"refresh-me"}}}
            """);

        Assert.Equal("bob", credentials.Find("localhost:5000")!.Username);
        Assert.Equal("refresh-me", credentials.Find("ghcr.io")!.IdentityToken);
        Assert.Null(credentials.Find("localhost:5001"));
    }

    [Fact]
    public void Find_DockerHub_MatchesItsLegacyKey()
    {
        var auth = Convert.ToBase64String(Encoding.UTF8.GetBytes("hub:pw"));

        var credentials = DockerConfigCredentials.Parse("{\"auths\":{\"https://index.docker.io/v1/\":{\"auth\":\"" + auth + "\"}}}");

        Assert.Equal("hub", credentials.Find("docker.io")!.Username);
        Assert.Equal("hub", credentials.Find("registry-1.docker.io")!.Username);
    }

    [Fact]
    public void Load_MissingFile_HasNoCredentials()
    {
        Assert.Equal(0, DockerConfigCredentials.Load(Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), "config.json")).Count);
    }

    [Fact]
    public void Load_MalformedFile_NamesTheFile()
    {
        var path = Path.Combine(Path.GetTempPath(), $"layercache-bad-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, "{not json");
        try
        {
            var error = Assert.Throws<RegistryException>(() => DockerConfigCredentials.Load(path));
            Assert.Contains(path, error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
