using LayerCache.EndToEnd.Site;

namespace LayerCache.EndToEnd.Tests.Site;

public sealed class SiteSettingsTests
{
    [Fact]
    public void Validate_Defaults_Passes() => new SiteSettings().Validate();

    [Fact]
    public void Validate_SeveralBadValues_NamesEveryOne()
    {
        var settings = new SiteSettings { Nodes = 0, WanMbit = 0, LanMbit = -1, WanDelayMs = -5 };

        var error = Assert.Throws<ArgumentException>(settings.Validate);

        Assert.Contains("Nodes", error.Message, StringComparison.Ordinal);
        Assert.Contains("WanMbit", error.Message, StringComparison.Ordinal);
        Assert.Contains("LanMbit", error.Message, StringComparison.Ordinal);
        Assert.Contains("WanDelayMs", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_TooManyNodes_Fails() =>
        Assert.Throws<ArgumentException>(new SiteSettings { Nodes = SiteSettings.MaxNodes + 1 }.Validate);
}
