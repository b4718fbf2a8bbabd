using LayerCache.Agent;
using LayerCache.Agent.Commands;
using LayerCache.Hosting.Health;

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

var builder = WebApplication.CreateSlimBuilder(args);
builder.Services.AddLayerCacheAgent(builder.Configuration);
var app = builder.Build();
app.MapServiceEndpoints();
try
{
    await app.RunAsync();
}
catch (Microsoft.Extensions.Options.OptionsValidationException e)
{
    Console.Error.WriteLine($"layercache-agent: invalid settings: {string.Join("; ", e.Failures)}");
    return 2;
}

return 0;
