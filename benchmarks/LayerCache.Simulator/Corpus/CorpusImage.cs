using LayerCache.Core.Model;

namespace LayerCache.Simulator.Corpus;

/// <summary>One image of a corpus with its Docker Hub pull count, which ranks its popularity.</summary>
public sealed record CorpusImage(ContainerImage Image, long Pulls);
