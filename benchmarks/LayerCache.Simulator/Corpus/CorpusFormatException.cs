namespace LayerCache.Simulator.Corpus;

/// <summary>A corpus line that cannot be read; the message names the file and line.</summary>
public sealed class CorpusFormatException(string message) : Exception(message);
