using LayerCache.Cli.Tests.Support;
using LayerCache.Testing.Processes;

namespace LayerCache.Cli.Tests;

/// <summary>The <c>layercache</c> executable's help and version, traced: they print, exit 0 in little CPU, and open no port.</summary>
public sealed class ProgramTests
{
    private static readonly string[] Cli = ["dotnet", CliRun.Dll];

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    public Task Help_PrintsTheCommands_StartsNothing(string help) =>
        StartsNothing.AssertPrintsAndExitsAsync(Cli, [help], @"(?m)^Usage:\s*\n\s+layercache \[command\]");

    [Fact]
    public Task Version_PrintsTheVersion_StartsNothing() =>
        StartsNothing.AssertPrintsAndExitsAsync(Cli, ["--version"], @"^\d+\.\d+\.\d+");

    [Fact]
    public Task Help_WithACoordinatorThatDoesNotAnswer_StillStartsNothing() =>
        StartsNothing.AssertPrintsAndExitsAsync(Cli, ["--coordinator", "http://127.0.0.1:1", "status", "--help"], @"(?m)^Usage:\s*\n\s+layercache status");
}
