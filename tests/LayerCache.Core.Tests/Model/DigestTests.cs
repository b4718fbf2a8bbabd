using System.Security.Cryptography;
using System.Text;
using LayerCache.Core.Model;

namespace LayerCache.Core.Tests.Model;

public sealed class DigestTests
{
    private const string Hex = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    // SHA-256 of the ASCII bytes "hello".
    private const string HelloHex = "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";

    [Fact]
    public void Parse_ValidDigest_KeepsValueAndHex()
    {
        var digest = Digest.Parse("sha256:" + Hex);

        Assert.Equal("sha256:" + Hex, digest.Value);
        Assert.Equal(Hex, digest.Hex);
        Assert.Equal("sha256:" + Hex, digest.ToString());
    }

    [Theory]
    [InlineData("sha512:" + Hex)]
    [InlineData("SHA256:" + Hex)]
    [InlineData(Hex + "1234567")]
    [InlineData("sha256:" + "0123456789abcdef")]
    [InlineData("sha256:" + Hex + "0")]
    [InlineData("sha256:" + "123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    [InlineData("")]
    public void Parse_WrongPrefixOrLength_ThrowsFormatException(string text)
    {
        var error = Assert.Throws<FormatException>(() => Digest.Parse(text));

        Assert.Equal($"'{text}' is not a digest: expected sha256: and 64 hex digits", error.Message);
    }

    [Theory]
    [InlineData('A', 17)]
    [InlineData('F', 7)]
    [InlineData('g', 70)]
    [InlineData(':', 40)]
    [InlineData(' ', 8)]
    public void Parse_BadHexCharacter_NamesItsPosition(char bad, int position)
    {
        var chars = ("sha256:" + Hex).ToCharArray();
        chars[position] = bad;
        var text = new string(chars);

        var error = Assert.Throws<FormatException>(() => Digest.Parse(text));

        Assert.Equal($"'{text}' is not a digest: character {position} is not a lower-case hex digit", error.Message);
    }

    [Fact]
    public void Parse_Null_SaysADigestIsRequired()
    {
        var error = Assert.Throws<FormatException>(() => Digest.Parse(null!));

        Assert.Equal("a digest is required", error.Message);
    }

    [Fact]
    public void Parse_LongInput_TruncatesItInTheMessage()
    {
        var text = new string('x', 100);

        var error = Assert.Throws<FormatException>(() => Digest.Parse(text));

        // 80 characters kept, then "...".
        Assert.Equal($"'{new string('x', 80)}...' is not a digest: expected sha256: and 64 hex digits", error.Message);
    }

    [Fact]
    public void TryParse_Invalid_ReturnsFalseAndDefault()
    {
        Assert.False(Digest.TryParse("sha256:" + Hex.ToUpperInvariant(), out var digest));
        Assert.Equal(default, digest);
        Assert.True(Digest.TryParse("sha256:" + Hex, out var parsed));
        Assert.Equal(Hex, parsed.Hex);
    }

    [Fact]
    public void Equals_SameText_EqualWithSameHash()
    {
        var a = Digest.Parse("sha256:" + Hex);
        var b = Digest.Parse(string.Concat("sha256:", Hex));
        var c = Digest.Parse("sha256:" + HelloHex);

        Assert.True(a == b);
        Assert.False(a != b);
        Assert.True(a.Equals((object)b));
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.True(a != c);
        Assert.False(a.Equals((object)("sha256:" + Hex)));
        Assert.Equal(2, new HashSet<Digest> { a, b, c }.Count);
    }

    [Fact]
    public void Default_IsEmptyAndRefusesValue()
    {
        Digest digest = default;

        Assert.Equal(string.Empty, digest.ToString());
        Assert.Equal(string.Empty, digest.ToShortString());
        Assert.Throws<InvalidOperationException>(() => digest.Value);
        Assert.NotEqual(Digest.Parse("sha256:" + Hex), digest);
    }

    [Fact]
    public void FromHash_Sha256Bytes_EqualsParsedHexDigest()
    {
        var digest = Digest.FromHash(SHA256.HashData(Encoding.ASCII.GetBytes("hello")));

        Assert.Equal(Digest.Parse("sha256:" + HelloHex), digest);
        Assert.Equal(HelloHex, digest.Hex);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(31)]
    [InlineData(33)]
    public void FromHash_WrongLength_Throws(int length)
    {
        var error = Assert.Throws<ArgumentException>(() => Digest.FromHash(new byte[length]));

        Assert.Equal("sha256", error.ParamName);
    }

    [Fact]
    public void ToShortString_IsFirstTwelveHexDigits()
    {
        Assert.Equal("2cf24dba5fb0", Digest.Parse("sha256:" + HelloHex).ToShortString());
        Assert.Equal("0123456789ab", Digest.Parse("sha256:" + Hex).ToShortString());
    }
}
