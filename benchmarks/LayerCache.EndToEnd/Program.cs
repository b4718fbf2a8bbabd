Console.Error.WriteLine("layercache-e2e: not wired yet");
return 2;
