namespace VaeLab.Data;

/// <summary>The image sets <see cref="Datasets.Load"/> knows: 28×28 grey-scale MNIST and Fashion-MNIST, and the generated 32×32 sprites.</summary>
public enum DatasetName
{
    Mnist,
    FashionMnist,

    /// <summary>The generated sprites with known factors (default <see cref="SpriteGrid"/>; see <see cref="SpriteImages"/>).</summary>
    Sprites,
}
