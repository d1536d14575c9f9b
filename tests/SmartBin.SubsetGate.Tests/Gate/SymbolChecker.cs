using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace SmartBin.SubsetGate.Tests.Gate
{
    /// <summary>
    /// Checks one referenced type or member: first the language rules (<see cref="TypeShape"/>), then, for
    /// anything not declared in the sources, the allow-list.
    /// </summary>
    internal sealed class SymbolChecker
    {
        private readonly IAssemblySymbol _sources;
        private readonly AllowList _allowList;
        private readonly ViolationSink _sink;
        private readonly HashSet<SyntaxTree> _surface;

        public SymbolChecker(IAssemblySymbol sources, AllowList allowList, ViolationSink sink, HashSet<SyntaxTree> surface)
        {
            _sources = sources;
            _allowList = allowList;
            _sink = sink;
            _surface = surface;
        }

        public void Report(GateCategory category, Location? location, string symbol, string reason) =>
            _sink.Report(category, location, symbol, reason);

        /// <summary>Checks a type used anywhere (declaration, cast, expression type). Returns false when it was reported.</summary>
        public bool CheckType(ITypeSymbol? type, Location? location)
        {
            if (type is null || type.TypeKind == TypeKind.Error)
            {
                return true;
            }

            if (TypeShape.Classify(type) is Finding finding)
            {
                _sink.Report(finding.Category, location, type.ToDisplayString(), finding.Reason);
                return false;
            }

            ITypeSymbol element = type;
            while (element is IArrayTypeSymbol array)
            {
                element = array.ElementType;
            }

            if (element is not INamedTypeSymbol named || IsFromSources(named))
            {
                return true;
            }

            string id = named.OriginalDefinition.GetDocumentationCommentId() ?? named.ToDisplayString();
            if (_allowList.Contains(id))
            {
                return true;
            }

            _sink.Report(GateCategory.NotAllowed, location, id, "type not in the nanoFramework 1.x allow-list");
            return false;
        }

        /// <summary>Checks a referenced method, property, field or event.</summary>
        public void CheckMember(ISymbol member, Location? location)
        {
            if (member is IMethodSymbol method)
            {
                method = method.ReducedFrom ?? method;
                if (method.MethodKind is MethodKind.LocalFunction or MethodKind.AnonymousFunction)
                {
                    return; // declared in the sources; its signature is checked where it is declared
                }

                member = method;
            }

            if (member.ContainingType is INamedTypeSymbol owner && TypeShape.Classify(owner) is Finding ownerFinding)
            {
                _sink.Report(ownerFinding.Category, location, member.ToDisplayString(), ownerFinding.Reason);
                return;
            }

            if (member is IMethodSymbol { IsGenericMethod: true })
            {
                _sink.Report(GateCategory.Generic, location, member.ToDisplayString(), "generic method: nanoFramework 1.x has no generics");
                return;
            }

            if (IsFromSources(member))
            {
                return;
            }

            if (member is IMethodSymbol { MethodKind: MethodKind.Constructor, IsImplicitlyDeclared: true, ContainingType.IsValueType: true })
            {
                CheckType(member.ContainingType, location); // `new S()` on a struct is initobj, not a call
                return;
            }

            RequireId(AllowListId(member), location, member.ContainingType is { } type && !_allowList.Contains(type.GetDocumentationCommentId() ?? string.Empty)
                ? "its type is not in the nanoFramework 1.x allow-list"
                : "member not in the nanoFramework 1.x allow-list (absent from nanoFramework's mscorlib with this signature, or not verified)");
        }

        /// <summary>
        /// Requires a member the compiler calls on the code's behalf (string concatenation, foreach, using, ...),
        /// named by its documentation-comment ID.
        /// </summary>
        public void RequireCompilerCall(string documentationId, Location? location, string construct)
        {
            RequireId(documentationId, location, construct + " compiles to this call, which is not in the allow-list");
        }

        /// <summary>
        /// True for what the checked sources declare themselves. Declarations in a reference surface (stand-ins for
        /// the device's package assemblies) count as outside: using them needs their allow-list entry.
        /// </summary>
        public bool IsFromSources(ISymbol symbol) =>
            SymbolEqualityComparer.Default.Equals(symbol.ContainingAssembly, _sources) && !IsInSurface(symbol);

        /// <summary>True when <paramref name="tree"/> is one of the reference surface's files.</summary>
        public bool IsSurface(SyntaxTree tree) => _surface.Contains(tree);

        private bool IsInSurface(ISymbol symbol)
        {
            if (_surface.Count == 0)
            {
                return false;
            }

            ISymbol definition = symbol.OriginalDefinition;
            // Implicit members (a delegate's Invoke, a default constructor) sit where their type is declared.
            ISymbol located = definition.Locations.Any(l => l.IsInSource) ? definition : definition.ContainingType ?? definition;
            return located.Locations.Any(l => l.SourceTree is not null && _surface.Contains(l.SourceTree));
        }

        /// <summary>The ID the allow-list uses: accessors are listed under their property or event.</summary>
        public static string AllowListId(ISymbol member)
        {
            if (member is IMethodSymbol { AssociatedSymbol: IPropertySymbol or IEventSymbol } accessor)
            {
                member = accessor.AssociatedSymbol!;
            }

            return member.OriginalDefinition.GetDocumentationCommentId() ?? member.ToDisplayString();
        }

        private void RequireId(string id, Location? location, string reason)
        {
            if (!_allowList.Contains(id))
            {
                _sink.Report(GateCategory.NotAllowed, location, id, reason);
            }
        }
    }
}
