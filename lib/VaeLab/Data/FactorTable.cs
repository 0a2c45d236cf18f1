namespace VaeLab.Data;

/// <summary>
/// Ground-truth factors of a labelled data set in the form the disentanglement metrics take: <see cref="Indices"/>
/// int[N, K] (row = example, column = factor index), one name and one number of values per factor.
/// </summary>
public sealed record FactorTable(int[,] Indices, IReadOnlyList<string> Names, IReadOnlyList<int> Sizes)
{
    public int Count => Indices.GetLength(0);
}
