namespace VaeLab.Data;

/// <summary>The shapes of the synthetic sprites (as in dSprites, Matthey et al. 2017).</summary>
public enum SpriteShape
{
    Square,
    Ellipse,
    Heart,
}
