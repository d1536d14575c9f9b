using System;
using System.Collections.Generic;

namespace SmartBin.Fuzz.Engine;

/// <summary>
/// One parser under fuzz. <see cref="Run"/> builds input number <c>index</c> from <c>random</c> (seeded from the run's
/// seed and the index, so seed + index reproduce it), feeds it, and checks the parser's promises: it returns null
/// when the input was accepted, else the rejection reason. A broken promise (state changed by a rejected input,
/// an impure parse, an undocumented reason) throws <see cref="FuzzViolation"/>; any other exception is a crash.
/// </summary>
internal interface IFuzzTarget
{
    /// <summary>Name on the command line (<c>--parser</c>).</summary>
    string Name { get; }

    /// <summary>
    /// Inputs share state in epochs of this many (1 = stateless): the state is rebuilt before every index that is a
    /// multiple of it, so a failure at index i reproduces from <c>i − i % Epoch</c>.
    /// </summary>
    int Epoch { get; }

    /// <summary>Every reason this parser may report (the docs' set); anything else is a violation.</summary>
    IReadOnlySet<string> DocumentedReasons { get; }

    /// <summary>Rebuilds the shared state (called at each epoch start and at the start of a run).</summary>
    void Reset();

    /// <summary>Runs input <paramref name="index"/>; null when accepted, else the rejection reason.</summary>
    string? Run(long index, Random random);

    /// <summary>The last input, printable (escaped, shortened), for failure reports.</summary>
    string LastInput { get; }
}

/// <summary>A broken promise of the parser under fuzz (not a crash of the parser itself).</summary>
internal sealed class FuzzViolation(string message) : Exception(message);
