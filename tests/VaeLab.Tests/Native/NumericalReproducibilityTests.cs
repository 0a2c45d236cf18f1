using VaeLab.Native;

namespace VaeLab.Tests.Native;

public class NumericalReproducibilityTests
{
    [Fact]
    public void After_prepare_mkl_sees_the_reproducible_mode_unless_the_user_chose_one()
    {
        if (!OperatingSystem.IsLinux()) return;
        TorchNative.Prepare();
        // .NET's copy of the environment is the one the process started with; MKL reads the native one.
        var chosenByUser = Environment.GetEnvironmentVariable(NumericalReproducibility.Variable);
        var expected = string.IsNullOrEmpty(chosenByUser) ? NumericalReproducibility.Value : chosenByUser;
        Assert.Equal(expected, NumericalReproducibility.Current);
        Assert.Equal(expected, NumericalReproducibility.Ensure());
    }
}
