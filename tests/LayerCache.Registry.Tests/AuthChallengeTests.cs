namespace LayerCache.Registry.Tests;

public sealed class AuthChallengeTests
{
    [Fact]
    public void From_BearerWithAScopeHoldingCommas_KeepsTheScopeWhole()
    {
        using var response = new HttpResponseMessage(System.Net.HttpStatusCode.Unauthorized);
        response.Headers.TryAddWithoutValidation(
            "WWW-Authenticate", "Bearer realm=\"https://auth.example.com/token\",service=\"registry.example.com\",scope=\"repository:team/app:pull,push\"");

        var challenge = AuthChallenge.From(response.Headers);

        Assert.NotNull(challenge);
        Assert.True(challenge.IsBearer);
        Assert.Equal("https://auth.example.com/token", challenge.Get("realm"));
        Assert.Equal("registry.example.com", challenge.Get("service"));
        Assert.Equal("repository:team/app:pull,push", challenge.Get("scope"));
    }

    [Fact]
    public void From_BasicAndBearer_PrefersBearer()
    {
        using var response = new HttpResponseMessage(System.Net.HttpStatusCode.Unauthorized);
        response.Headers.TryAddWithoutValidation("WWW-Authenticate", "Basic realm=\"x\"");
        response.Headers.TryAddWithoutValidation("WWW-Authenticate", "Bearer realm=\"https://a/token\"");

        Assert.True(AuthChallenge.From(response.Headers)!.IsBearer);
    }

    [Fact]
    public void From_NoChallenge_IsNull()
    {
        using var response = new HttpResponseMessage(System.Net.HttpStatusCode.Unauthorized);

        Assert.Null(AuthChallenge.From(response.Headers));
    }
}
