namespace VaeLab.Data;

/// <summary>The 28×28 grey-scale image sets <see cref="Datasets.Load"/> knows.</summary>
public enum DatasetName
{
    Mnist,
    FashionMnist,
}
