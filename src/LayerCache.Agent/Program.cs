using LayerCache.Agent;
using LayerCache.Agent.Commands;
using LayerCache.Hosting;
using LayerCache.Hosting.Health;
using Microsoft.Extensions.Options;

// What an image's smoke run and an operator ask first; everything else on the command line is a command or a setting.
switch (args)
{
    case ["--version"]:
        Console.WriteLine($"layercache-agent {CommandLine.Version}");
        return 0;
    case ["--help" or "-h"]:
        Console.WriteLine(CommandLine.Usage);
        return 0;
}

CommandLine? command;
try
{
    command = CommandLine.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"layercache-agent: {e.Message}");
    Console.Error.WriteLine(CommandLine.Usage);
    return 2;
}

if (command is not null)
{
    using var cancel = new CancellationTokenSource();
    Console.CancelKeyPress += (_, e) =>
    {
        e.Cancel = true;
        cancel.Cancel();
    };
    return await AgentCommands.RunAsync(command, Console.Out, Console.Error, cancel.Token);
}

var builder = WebApplication.CreateSlimBuilder(ContentRoot.Options(args));
builder.Services.AddLayerCacheAgent(builder.Configuration);
var app = builder.Build();
try
{
    // Checked here, before the host starts, so a bad setting reads as one line rather than a stack trace.
    _ = app.Services.GetRequiredService<IOptions<AgentOptions>>().Value;
}
catch (OptionsValidationException e)
{
    Console.Error.WriteLine($"layercache-agent: invalid settings: {string.Join("; ", e.Failures)}");
    return 2;
}

app.MapServiceEndpoints();
await app.RunAsync();
return BackgroundLoop.ExitCode;
