namespace SmartBin.SubsetGate.Tests.Gate
{
    /// <summary>Why a piece of shared firmware code cannot run on nanoFramework 1.x.</summary>
    public enum GateCategory
    {
        /// <summary>The sources do not compile on .NET; nothing else is checked until they do.</summary>
        CompileError,

        /// <summary>A generic type or method (including anonymous types, which compile to generic classes).</summary>
        Generic,

        /// <summary><c>async</c>/<c>await</c> or anything from System.Threading.Tasks.</summary>
        Async,

        /// <summary>A query expression or anything from System.Linq.</summary>
        Linq,

        /// <summary>A tuple (<c>ValueTuple</c>/<c>Tuple</c>).</summary>
        Tuple,

        /// <summary>A record class or record struct.</summary>
        Record,

        /// <summary><c>Span&lt;T&gt;</c>, <c>ReadOnlySpan&lt;T&gt;</c> or any other ref struct.</summary>
        Span,

        /// <summary>A nullable value type (<c>int?</c>, i.e. <c>Nullable&lt;T&gt;</c>).</summary>
        NullableValueType,

        /// <summary>An interpolated string (<c>$"..."</c>) or interpolated-string handler.</summary>
        StringInterpolation,

        /// <summary><c>dynamic</c>.</summary>
        Dynamic,

        /// <summary>A <c>lock</c> statement.</summary>
        Lock,

        /// <summary>A construct whose compiled form the gate does not model or nanoFramework cannot run.</summary>
        Unsupported,

        /// <summary>A type or member from outside the sources that the allow-list does not name.</summary>
        NotAllowed,
    }

    /// <summary>One reason the sources fall outside the nanoFramework 1.x subset.</summary>
    /// <param name="Path">Source file as given to the gate.</param>
    /// <param name="Line">1-based line of the offending code (0 when it has no place in the sources).</param>
    /// <param name="Category">Which rule it breaks.</param>
    /// <param name="Symbol">What was referenced: a documentation-comment ID for allow-list misses, else a display name.</param>
    /// <param name="Reason">Why it is rejected, in words a firmware engineer can act on.</param>
    public sealed record Violation(string Path, int Line, GateCategory Category, string Symbol, string Reason)
    {
        /// <inheritdoc />
        public override string ToString() => $"{Path}:{Line}: [{Category}] {Symbol} -- {Reason}";
    }
}
