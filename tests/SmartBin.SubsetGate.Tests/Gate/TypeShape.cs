using Microsoft.CodeAnalysis;

namespace SmartBin.SubsetGate.Tests.Gate
{
    /// <summary>A rule a symbol breaks, before the allow-list is even consulted.</summary>
    internal readonly record struct Finding(GateCategory Category, string Reason);

    /// <summary>
    /// Language-level rules on types: the features nanoFramework 1.x's runtime cannot represent, whether the type
    /// comes from .NET or is declared in the sources themselves.
    /// </summary>
    internal static class TypeShape
    {
        /// <summary>The first rule the type breaks, or null when its shape is fine.</summary>
        public static Finding? Classify(ITypeSymbol type)
        {
            switch (type)
            {
                case IArrayTypeSymbol array:
                    return array.Rank > 1
                        ? new Finding(GateCategory.Unsupported, "multi-dimensional array: nanoFramework supports only single-dimension (and jagged) arrays")
                        : Classify(array.ElementType);
                case IPointerTypeSymbol or IFunctionPointerTypeSymbol:
                    return new Finding(GateCategory.Unsupported, "pointer types need unsafe code");
                case IDynamicTypeSymbol:
                    return new Finding(GateCategory.Dynamic, "dynamic needs the DLR (Microsoft.CSharp), which nanoFramework lacks");
                case ITypeParameterSymbol:
                    return new Finding(GateCategory.Generic, "type parameter: nanoFramework 1.x has no generics");
                case INamedTypeSymbol named:
                    return ClassifyNamed(named);
                default:
                    return null;
            }
        }

        private static Finding? ClassifyNamed(INamedTypeSymbol named)
        {
            if (named.IsAnonymousType)
            {
                return new Finding(GateCategory.Generic, "anonymous types compile to generic classes; nanoFramework 1.x has no generics");
            }

            if (named.IsTupleType || (IsInNamespace(named, "System") && named.Name is "ValueTuple" or "Tuple"))
            {
                return new Finding(GateCategory.Tuple, "tuples are generic ValueTuple structs; use a small class or out parameters");
            }

            if (named.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T)
            {
                return new Finding(GateCategory.NullableValueType, "nullable value types are Nullable<T>, a generic struct; use a flag or a sentinel");
            }

            if (named.IsRefLikeType || (IsInNamespace(named, "System") && named.Name is "Span" or "ReadOnlySpan"))
            {
                return new Finding(GateCategory.Span, "Span<T>, ReadOnlySpan<T> and ref structs need generics and ref-struct support; use an array with offset and length");
            }

            if (IsInNamespaceOrBelow(named, "System.Linq"))
            {
                return new Finding(GateCategory.Linq, "LINQ is not in nanoFramework's mscorlib and needs generics; write the loop");
            }

            if (IsInNamespaceOrBelow(named, "System.Threading.Tasks"))
            {
                return new Finding(GateCategory.Async, "tasks and async/await do not exist on nanoFramework 1.x; the core runs in one control loop");
            }

            if (IsGenericAnywhere(named))
            {
                return new Finding(GateCategory.Generic, "generic type: nanoFramework 1.x has no generics; use arrays or ArrayList");
            }

            if (named.IsRecord)
            {
                return new Finding(GateCategory.Record, "records generate IEquatable<T>, EqualityComparer<T> and StringBuilder code; use a sealed class");
            }

            if (named.IsNativeIntegerType)
            {
                return new Finding(GateCategory.Unsupported, "nint/nuint are native-sized integers; use int or long");
            }

            return null;
        }

        private static bool IsGenericAnywhere(INamedTypeSymbol named)
        {
            for (INamedTypeSymbol? t = named; t is not null; t = t.ContainingType)
            {
                if (t.IsGenericType || t.IsUnboundGenericType)
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsInNamespace(INamedTypeSymbol named, string ns) =>
            named.ContainingNamespace?.ToDisplayString() == ns;

        private static bool IsInNamespaceOrBelow(INamedTypeSymbol named, string ns)
        {
            string? actual = named.ContainingNamespace?.ToDisplayString();
            return actual is not null && (actual == ns || actual.StartsWith(ns + ".", System.StringComparison.Ordinal));
        }
    }
}
