using FsCheck;
using Microsoft.FSharp.Core;

namespace SmartBin.Firmware.Tests.Weighing;

/// <summary>FsCheck settings with a fixed seed, so a property test runs the same cases on every machine.</summary>
internal static class SeededProperty
{
    public static Config Config(ulong seed, int testCount) =>
        FsCheck.Config.QuickThrowOnFailure
            .WithMaxTest(testCount)
            .WithReplay(FSharpOption<Replay>.Some(new Replay(new Rnd(seed), FSharpOption<int>.None)));
}
