using LayerCache.Cli.Commands;

return await CliCommands.RunAsync(args);
