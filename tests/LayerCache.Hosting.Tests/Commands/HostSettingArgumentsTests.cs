using LayerCache.Hosting.Commands;

namespace LayerCache.Hosting.Tests.Commands;

public sealed class HostSettingArgumentsTests
{
    [Theory]
    [InlineData("--Agent:CacheBudgetBytes=1000")]
    [InlineData("--Agent:CacheBudgetBytes 1000")]
    [InlineData("/Agent:Namespace k8s.io Logging:Format=json")]
    [InlineData("--Agent:CacheBudgetBytes -5 --Logging:Format json")]
    public void FirstStray_SettingsAsTheHostReadsThem_None(string arguments) =>
        Assert.Null(HostSettingArguments.FirstStray(arguments.Split(' ')));

    [Theory]
    [InlineData("inventroy --json", "inventroy")]
    [InlineData("--Agent:CacheBudgetBytes=1000 serve", "serve")]
    [InlineData("--Agent:Namespace k8s.io extra", "extra")]
    public void FirstStray_AWordThatIsNoSetting_IsNamed(string arguments, string stray) =>
        Assert.Equal(stray, HostSettingArguments.FirstStray(arguments.Split(' ')));
}
