using Xunit;

namespace SmartBin.Firmware.Tests.Storage
{
    /// <summary>
    /// Seeds for <see cref="SmartBin.Firmware.Virtual.InMemoryFlashFileSystem.ArmPowerLoss"/>: 0..4 give every way
    /// a Write can tear (5), every way a Rename can (3), and both for Delete and CreateDirectory.
    /// </summary>
    public static class TearSeeds
    {
        /// <summary>The seeds as theory data.</summary>
        public static readonly TheoryData<int> All = new() { 0, 1, 2, 3, 4 };
    }
}
