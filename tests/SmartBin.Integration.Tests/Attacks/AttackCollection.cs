using Xunit;

namespace SmartBin.Integration.Tests.Attacks
{
    /// <summary>
    /// The attack tests run one at a time and alone (after the parallel tests): the flood's hundreds of connections
    /// and the giant payloads' memory figures must not mix with other tests' load.
    /// </summary>
    [CollectionDefinition("attacks", DisableParallelization = true)]
    public sealed class AttackCollection
    {
    }
}
