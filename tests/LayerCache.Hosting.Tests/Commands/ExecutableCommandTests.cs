using System.CommandLine;
using LayerCache.Hosting.Commands;

namespace LayerCache.Hosting.Tests.Commands;

public sealed class ExecutableCommandTests
{
    [Fact]
    public async Task Version_PrintsNameAndVersion_WithoutRunningTheAction()
    {
        var (code, output, error, ran) = await InvokeAsync(UnmatchedArguments.Refuse, "--version");

        Assert.Equal((0, "", false), (code, error, ran));
        Assert.Matches(@"^tool \d+\.\d+\.\d+", output);
    }

    [Fact]
    public async Task Help_EndsWithTheExitCodes_WithoutRunningTheAction()
    {
        var (code, output, _, ran) = await InvokeAsync(UnmatchedArguments.Refuse, "--help");

        Assert.Equal((0, false), (code, ran));
        Assert.Contains("--count <N>", output, StringComparison.Ordinal);
        Assert.EndsWith(ExitCodes.Table.Trim(), output.Trim(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(UnmatchedArguments.HostSettings, "Settings, as --Section:Setting=VALUE")]
    [InlineData(UnmatchedArguments.PassThrough, "Handed on as they are")]
    public async Task Help_SaysWhatBecomesOfOtherArguments(UnmatchedArguments unmatched, string says)
    {
        var (_, output, _, _) = await InvokeAsync(unmatched, "--help");

        Assert.Contains(says, output, StringComparison.Ordinal);
        Assert.DoesNotContain("application that is being run", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(UnmatchedArguments.Refuse, "--bogus", "tool: Unrecognized command or argument '--bogus' (see --help)")]
    [InlineData(UnmatchedArguments.Refuse, "--count x", "tool: --count needs a whole number of at least 1; got 'x' (see --help)")]
    [InlineData(UnmatchedArguments.HostSettings, "serve", "tool: unknown argument 'serve': settings read --Section:Setting=VALUE (see --help)")]
    public async Task UsageError_OneLineAndExit2_WithoutRunningTheAction(UnmatchedArguments unmatched, string arguments, string message)
    {
        var (code, output, error, ran) = await InvokeAsync(unmatched, arguments.Split(' '));

        Assert.Equal((2, "", message, false), (code, output, error.Trim(), ran));
    }

    [Theory]
    [InlineData(UnmatchedArguments.HostSettings, "--Section:Setting=1 --count 3")]
    [InlineData(UnmatchedArguments.PassThrough, "--filter *X* *Y*")]
    public async Task UnmatchedArguments_TheyMayTakeRunTheAction(UnmatchedArguments unmatched, string arguments)
    {
        var (code, _, error, ran) = await InvokeAsync(unmatched, arguments.Split(' '));

        Assert.Equal((0, "", true), (code, error, ran));
    }

    private static async Task<(int Code, string Output, string Error, bool Ran)> InvokeAsync(UnmatchedArguments unmatched, params string[] args)
    {
        var ran = false;
        var root = ExecutableCommand.Create("tool", "a tool", typeof(ExecutableCommandTests), unmatched);
        root.Options.Add(new Option<int>("--count") { HelpName = "N", CustomParser = result => WholeNumber.AtLeast(result, "--count", 1) });
        root.SetAction(_ =>
        {
            ran = true;
            return 0;
        });
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await ExecutableCommand.InvokeAsync(root, args, output, error);
        return (code, output.ToString(), error.ToString(), ran);
    }
}
