using VaeLab.Notebook;

namespace VaeLab.Tests.Notebook;

public class RunModeTests
{
    [Theory]
    [InlineData(null, null, false)]
    [InlineData(null, "true", true)]
    [InlineData(null, "false", false)]
    [InlineData("1", null, true)]
    [InlineData("0", "true", false)]
    [InlineData("yes", null, true)]
    [InlineData("off", "1", false)]
    public void Quick_mode_follows_the_variable_then_ci(string? quick, string? ci, bool expected) =>
        Assert.Equal(expected, RunMode.Parse(quick, ci));

    [Fact]
    public void A_value_that_is_not_understood_is_a_clear_error()
    {
        var error = Assert.Throws<ArgumentException>(() => RunMode.Parse("fast", null));
        Assert.Contains("VAELAB_QUICK", error.Message);
    }
}
