using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace SmartBin.SubsetGate.Tests.Gate
{
    /// <summary>
    /// Checks what the sources declare: every type's shape, base type, interfaces and attributes; every member's
    /// signature; and what the compiler emits for a declaration (the implicit base constructor call, the event
    /// accessors of a field-like event, ParamArray and Extension attributes, overridden and implemented members).
    /// </summary>
    internal sealed class DeclarationWalker
    {
        private readonly SymbolChecker _check;

        public DeclarationWalker(SymbolChecker check)
        {
            _check = check;
        }

        public void Walk(IAssemblySymbol assembly)
        {
            CheckAttributes(assembly.GetAttributes(), null);
            foreach (IModuleSymbol module in assembly.Modules)
            {
                CheckAttributes(module.GetAttributes(), null);
            }

            WalkNamespace(assembly.GlobalNamespace);
        }

        /// <summary>Checks a method's signature; also used for local functions and lambdas.</summary>
        public void CheckMethodSignature(IMethodSymbol method, Location? location)
        {
            location = SourceLocation(method) ?? location;
            string name = method.ToDisplayString();
            if (method.TypeParameters.Length > 0)
            {
                _check.Report(GateCategory.Generic, location, name, "generic method: nanoFramework 1.x has no generics");
            }

            if (method.IsAsync)
            {
                _check.Report(GateCategory.Async, location, name, "async methods need Task and a compiler-built state machine; nanoFramework 1.x has neither");
            }

            if (method.IsIterator)
            {
                _check.Report(GateCategory.Unsupported, location, name,
                    "iterators (yield) compile to a state machine whose calls the gate does not model; return an array");
            }

            if (!method.ReturnsVoid)
            {
                _check.CheckType(method.ReturnType, location);
            }

            foreach (IParameterSymbol parameter in method.Parameters)
            {
                CheckParameter(parameter, location);
            }

            if (method.IsExtensionMethod)
            {
                RequireAttribute("System.Runtime.CompilerServices.ExtensionAttribute", location, "an extension method");
            }

            CheckOverridesAndImplementations(method.OverriddenMethod, method.ExplicitInterfaceImplementations, location);
            CheckAttributes(method.GetAttributes(), location);
            CheckAttributes(method.GetReturnTypeAttributes(), location);
        }

        private void WalkNamespace(INamespaceSymbol ns)
        {
            foreach (INamespaceOrTypeSymbol member in ns.GetMembers())
            {
                if (member is INamespaceSymbol child)
                {
                    WalkNamespace(child);
                }
                else if (member is INamedTypeSymbol type && _check.IsFromSources(type))
                {
                    WalkType(type);
                }
            }
        }

        private void WalkType(INamedTypeSymbol type)
        {
            Location? location = SourceLocation(type);
            if (type.TypeParameters.Length > 0)
            {
                _check.Report(GateCategory.Generic, location, type.ToDisplayString(), "generic type declared: nanoFramework 1.x has no generics");
            }

            if (TypeShape.Classify(type) is Finding shape && shape.Category != GateCategory.Generic)
            {
                _check.Report(shape.Category, location, type.ToDisplayString(), shape.Reason);
            }

            _check.CheckType(type.BaseType, location);
            // Only the interfaces the sources name (and what those extend): a .NET base type's own interfaces
            // (Enum's IConvertible, Exception's ISerializable) are the device base type's business.
            foreach (INamedTypeSymbol implemented in type.Interfaces.SelectMany(i => i.AllInterfaces.Prepend(i)).Distinct<INamedTypeSymbol>(SymbolEqualityComparer.Default))
            {
                CheckImplementedInterface(implemented, location);
            }

            CheckAttributes(type.GetAttributes(), location);
            foreach (ISymbol member in type.GetMembers())
            {
                WalkMember(type, member);
            }
        }

        private void CheckImplementedInterface(INamedTypeSymbol implemented, Location? location)
        {
            if (!_check.CheckType(implemented, location) || _check.IsFromSources(implemented))
            {
                return;
            }

            // Implementing an interface needs each of its members to exist on the device too.
            foreach (ISymbol required in implemented.GetMembers())
            {
                if (required.IsAbstract && !required.IsStatic && required is not IMethodSymbol { AssociatedSymbol: not null })
                {
                    _check.CheckMember(required, location);
                }
            }
        }

        private void WalkMember(INamedTypeSymbol owner, ISymbol member)
        {
            if (member.IsImplicitlyDeclared && owner.TypeKind == TypeKind.Delegate)
            {
                // The runtime supplies a delegate's .ctor/Invoke/BeginInvoke/EndInvoke; the types they name
                // (IntPtr, AsyncCallback, IAsyncResult) exist in nanoFramework's mscorlib.
                return;
            }

            Location? location = SourceLocation(member) ?? SourceLocation(owner);
            switch (member)
            {
                case INamedTypeSymbol nested:
                    WalkType(nested);
                    break;
                case IFieldSymbol field when !field.IsImplicitlyDeclared:
                    _check.CheckType(field.Type, location);
                    CheckRequired(field.IsRequired, location);
                    CheckAttributes(field.GetAttributes(), location);
                    break;
                case IPropertySymbol property:
                    WalkProperty(property, location);
                    break;
                case IEventSymbol @event:
                    WalkEvent(@event, location);
                    break;
                case IMethodSymbol method:
                    WalkMethod(owner, method, location);
                    break;
            }
        }

        private void WalkProperty(IPropertySymbol property, Location? location)
        {
            _check.CheckType(property.Type, location);
            foreach (IParameterSymbol parameter in property.Parameters)
            {
                CheckParameter(parameter, location);
            }

            CheckRequired(property.IsRequired, location);
            if (property.SetMethod is { IsInitOnly: true })
            {
                _check.RequireCompilerCall("T:System.Runtime.CompilerServices.IsExternalInit", location, "an init accessor");
            }

            CheckOverridesAndImplementations(property.OverriddenProperty, property.ExplicitInterfaceImplementations, location);
            CheckAttributes(property.GetAttributes(), location);
        }

        private void WalkEvent(IEventSymbol @event, Location? location)
        {
            _check.CheckType(@event.Type, location);
            if (@event.AddMethod is { IsImplicitlyDeclared: true })
            {
                // A field-like event's accessors combine delegates (without Interlocked.CompareExchange<T>,
                // which nanoFramework lacks, the compiler falls back to plain Delegate.Combine/Remove).
                _check.RequireCompilerCall("M:System.Delegate.Combine(System.Delegate,System.Delegate)", location, "a field-like event");
                _check.RequireCompilerCall("M:System.Delegate.Remove(System.Delegate,System.Delegate)", location, "a field-like event");
            }

            CheckOverridesAndImplementations(@event.OverriddenEvent, @event.ExplicitInterfaceImplementations, location);
            CheckAttributes(@event.GetAttributes(), location);
        }

        private void WalkMethod(INamedTypeSymbol owner, IMethodSymbol method, Location? location)
        {
            if (method.MethodKind is MethodKind.PropertyGet or MethodKind.PropertySet or MethodKind.EventAdd or MethodKind.EventRemove)
            {
                CheckAttributes(method.GetAttributes(), location); // the signature is the property's or event's
                return;
            }

            if (method.MethodKind == MethodKind.Constructor && method.IsImplicitlyDeclared && owner.IsValueType)
            {
                return; // a struct's implicit parameterless constructor does not exist in metadata
            }

            CheckMethodSignature(method, location);
            if (method.MethodKind == MethodKind.Constructor && owner.TypeKind == TypeKind.Class && !HasExplicitInitializer(method))
            {
                CheckImplicitBaseConstructorCall(owner, location);
            }
        }

        // A constructor without `: base(...)` or `: this(...)` calls the base type's parameterless constructor.
        private void CheckImplicitBaseConstructorCall(INamedTypeSymbol owner, Location? location)
        {
            INamedTypeSymbol? baseType = owner.BaseType;
            if (baseType is null || _check.IsFromSources(baseType))
            {
                return;
            }

            IMethodSymbol? target = baseType.InstanceConstructors
                .Where(c => c.DeclaredAccessibility != Accessibility.Private)
                .OrderBy(c => c.Parameters.Length)
                .FirstOrDefault(c => c.Parameters.All(p => p.IsOptional || p.IsParams));
            if (target is not null)
            {
                _check.CheckMember(target, location);
            }
        }

        private static bool HasExplicitInitializer(IMethodSymbol constructor) =>
            constructor.DeclaringSyntaxReferences.Any(reference => reference.GetSyntax() switch
            {
                ConstructorDeclarationSyntax declaration => declaration.Initializer is not null,
                TypeDeclarationSyntax type => type.BaseList?.Types.Any(t => t is PrimaryConstructorBaseTypeSyntax) == true,
                _ => false,
            });

        private void CheckParameter(IParameterSymbol parameter, Location? location)
        {
            _check.CheckType(parameter.Type, location);
            if (parameter.IsParamsArray)
            {
                RequireAttribute("System.ParamArrayAttribute", location, "a params parameter");
            }

            CheckAttributes(parameter.GetAttributes(), location);
        }

        private void CheckRequired(bool isRequired, Location? location)
        {
            if (isRequired)
            {
                RequireAttribute("System.Runtime.CompilerServices.RequiredMemberAttribute", location, "a required member");
            }
        }

        private void CheckOverridesAndImplementations<T>(T? overridden, ImmutableArray<T> implemented, Location? location)
            where T : class, ISymbol
        {
            if (overridden is not null)
            {
                // Only the root virtual must exist on the device: .NET's hierarchy has intermediate overrides
                // (ValueType.ToString, ValueType.GetHashCode) that nanoFramework's does not.
                _check.CheckMember(RootDefinition(overridden), location);
            }

            foreach (T member in implemented)
            {
                _check.CheckMember(member, location);
            }
        }

        private static ISymbol RootDefinition(ISymbol member)
        {
            ISymbol root = member;
            for (ISymbol? next = Overridden(root); next is not null; next = Overridden(root))
            {
                root = next;
            }

            return root;
        }

        private static ISymbol? Overridden(ISymbol member) => member switch
        {
            IMethodSymbol method => method.OverriddenMethod,
            IPropertySymbol property => property.OverriddenProperty,
            IEventSymbol @event => @event.OverriddenEvent,
            _ => null,
        };

        private void RequireAttribute(string typeName, Location? location, string construct)
        {
            _check.RequireCompilerCall("T:" + typeName, location, construct);
            _check.RequireCompilerCall("M:" + typeName + ".#ctor", location, construct);
        }

        private void CheckAttributes(ImmutableArray<AttributeData> attributes, Location? fallback)
        {
            foreach (AttributeData attribute in attributes)
            {
                Location? location = attribute.ApplicationSyntaxReference?.GetSyntax().GetLocation() ?? fallback;
                if (!_check.CheckType(attribute.AttributeClass, location) || attribute.AttributeClass is null)
                {
                    continue;
                }

                if (attribute.AttributeConstructor is not null)
                {
                    _check.CheckMember(attribute.AttributeConstructor, location);
                }

                foreach (var named in attribute.NamedArguments)
                {
                    ISymbol? target = FindInstanceMember(attribute.AttributeClass, named.Key);
                    if (target is not null)
                    {
                        _check.CheckMember(target, location);
                    }
                }
            }
        }

        private static ISymbol? FindInstanceMember(INamedTypeSymbol type, string name)
        {
            for (INamedTypeSymbol? t = type; t is not null; t = t.BaseType)
            {
                ISymbol? found = t.GetMembers(name).FirstOrDefault(m => m is IPropertySymbol or IFieldSymbol);
                if (found is not null)
                {
                    return found;
                }
            }

            return null;
        }

        private static Location? SourceLocation(ISymbol symbol) => symbol.Locations.FirstOrDefault(l => l.IsInSource);
    }
}
