using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace SmartBin.SubsetGate.Tests.Gate
{
    /// <summary>
    /// The calls the compiler emits for operations that name no method themselves: operator methods,
    /// user-defined conversions, string concatenation and comparison, delegate combination, foreach, using,
    /// switch expressions and typeof. It models what the nanoFramework build emits, which lacks the span-based
    /// shortcuts a .NET 10 build may take. Operators on primitive types are IL instructions and need nothing.
    /// </summary>
    internal sealed class LoweringModel
    {
        private const string DisposeId = "M:System.IDisposable.Dispose";
        private readonly SymbolChecker _check;
        private readonly SemanticModel _model;

        public LoweringModel(SymbolChecker check, SemanticModel model)
        {
            _check = check;
            _model = model;
        }

        public void Visit(IOperation operation, Location location)
        {
            switch (operation)
            {
                case IConversionOperation conversion:
                    CheckOptional(conversion.OperatorMethod, location);
                    break;
                case IUnaryOperation unary:
                    CheckOptional(unary.OperatorMethod, location);
                    break;
                case IIncrementOrDecrementOperation increment:
                    CheckOptional(increment.OperatorMethod, location);
                    break;
                case IArgumentOperation argument:
                    CheckOptional(argument.InConversion.MethodSymbol, location);
                    CheckOptional(argument.OutConversion.MethodSymbol, location);
                    break;
                case IBinaryOperation binary:
                    VisitBinary(binary, location);
                    break;
                case ICompoundAssignmentOperation compound:
                    VisitCompoundAssignment(compound, location);
                    break;
                case IForEachLoopOperation forEach:
                    VisitForEach(forEach, location);
                    break;
                case IUsingOperation or IUsingDeclarationOperation:
                    VisitUsing(operation, location);
                    break;
                case ISwitchExpressionOperation:
                    // Without SwitchExpressionException (absent from nanoFramework) a missed arm throws this.
                    _check.RequireCompilerCall("M:System.InvalidOperationException.#ctor", location, "a switch expression");
                    break;
                case ITypeOfOperation typeOf:
                    _check.CheckType(typeOf.TypeOperand, location);
                    _check.RequireCompilerCall("M:System.Type.GetTypeFromHandle(System.RuntimeTypeHandle)", location, "typeof");
                    break;
            }
        }

        /// <summary>
        /// Matching a string constant (<c>case "x":</c>, <c>is "x"</c>, a switch-expression arm) compares with
        /// String.op_Equality, and a larger switch dispatches on Length and characters first.
        /// </summary>
        public void VisitStringConstantMatch(IOperation value, Location location)
        {
            if (!IsString(value.Type) || IsNullConstant(value))
            {
                return;
            }

            _check.RequireCompilerCall("M:System.String.op_Equality(System.String,System.String)", location, "matching a string constant");
            _check.RequireCompilerCall("P:System.String.Length", location, "matching a string constant");
            _check.RequireCompilerCall("P:System.String.Chars(System.Int32)", location, "matching a string constant");
        }

        private void CheckOptional(IMethodSymbol? method, Location location)
        {
            if (method is not null)
            {
                _check.CheckMember(method, location);
            }
        }

        private void VisitBinary(IBinaryOperation binary, Location location)
        {
            if (binary.OperatorMethod is not null)
            {
                _check.CheckMember(binary.OperatorMethod, location);
                return;
            }

            if (IsStringConcatenation(binary))
            {
                if (!IsStringConcatenation(binary.Parent) && !binary.ConstantValue.HasValue)
                {
                    var pieces = new List<IOperation>();
                    Flatten(binary, pieces);
                    RequireConcatenation(pieces, location);
                }

                return;
            }

            ITypeSymbol? left = Unconverted(binary.LeftOperand).Type;
            ITypeSymbol? right = Unconverted(binary.RightOperand).Type;
            bool comparesWithNull = IsNullConstant(binary.LeftOperand) || IsNullConstant(binary.RightOperand);
            bool isEquality = binary.OperatorKind is BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals;
            string suffix = binary.OperatorKind == BinaryOperatorKind.Equals ? "op_Equality" : "op_Inequality";
            if (isEquality && !comparesWithNull && IsString(left) && IsString(right))
            {
                _check.RequireCompilerCall($"M:System.String.{suffix}(System.String,System.String)", location, "comparing strings with == or !=");
            }
            else if (isEquality && !comparesWithNull && IsDelegate(left) && IsDelegate(right))
            {
                _check.RequireCompilerCall($"M:System.Delegate.{suffix}(System.Delegate,System.Delegate)", location, "comparing delegates");
            }
            else if (IsDelegate(binary.Type))
            {
                RequireDelegateCombination(binary.OperatorKind, location);
            }
        }

        private void VisitCompoundAssignment(ICompoundAssignmentOperation compound, Location location)
        {
            CheckOptional(compound.InConversion.MethodSymbol, location);
            CheckOptional(compound.OutConversion.MethodSymbol, location);
            if (compound.OperatorMethod is not null)
            {
                _check.CheckMember(compound.OperatorMethod, location);
            }
            else if (IsString(compound.Type) && compound.OperatorKind == BinaryOperatorKind.Add)
            {
                var pieces = new List<IOperation> { compound.Target };
                Flatten(compound.Value, pieces);
                RequireConcatenation(pieces, location);
            }
            else if (IsDelegate(compound.Type))
            {
                RequireDelegateCombination(compound.OperatorKind, location);
            }
        }

        private void RequireDelegateCombination(BinaryOperatorKind kind, Location location)
        {
            if (kind == BinaryOperatorKind.Add)
            {
                _check.RequireCompilerCall("M:System.Delegate.Combine(System.Delegate,System.Delegate)", location, "adding delegates");
            }
            else if (kind == BinaryOperatorKind.Subtract)
            {
                _check.RequireCompilerCall("M:System.Delegate.Remove(System.Delegate,System.Delegate)", location, "removing delegates");
            }
        }

        // `a + b + c` is one String.Concat over all pieces; a non-string piece is turned into a string first:
        // a primitive value by its own ToString(), anything else by Object.ToString(). Adjacent constants fold.
        private void RequireConcatenation(List<IOperation> pieces, Location location)
        {
            const int ConcatStringArgumentsMax = 4;
            int runtimePieces = 0;
            bool previousWasConstant = false;
            foreach (IOperation raw in pieces)
            {
                IOperation piece = Unconverted(raw);
                bool isConstant = piece.ConstantValue.HasValue && piece.ConstantValue.Value is string or char or null;
                if (isConstant && piece.ConstantValue.Value is null or "")
                {
                    continue;
                }

                if (!(isConstant && previousWasConstant))
                {
                    runtimePieces++;
                }

                previousWasConstant = isConstant;
                if (!isConstant && !IsString(piece.Type) && piece.Type is not null && ToStringId(piece.Type) is string toString)
                {
                    _check.RequireCompilerCall(toString, location, "concatenating a " + piece.Type.ToDisplayString() + " to a string");
                }
            }

            if (runtimePieces >= 2)
            {
                string id = runtimePieces <= ConcatStringArgumentsMax
                    ? "M:System.String.Concat(" + string.Join(",", Enumerable.Repeat("System.String", runtimePieces)) + ")"
                    : "M:System.String.Concat(System.String[])";
                _check.RequireCompilerCall(id, location, "string concatenation with +");
            }
        }

        // The ToString that runs for a piece: a primitive's own (called directly), Enum.ToString for an enum
        // (on the device it prints the number, or throws without reflection, where .NET prints the name), else
        // the nearest override the static type shows; none when that override is in the sources.
        private string? ToStringId(ITypeSymbol type)
        {
            if (type.TypeKind == TypeKind.Enum)
            {
                return "M:System.Enum.ToString";
            }

            if (type.IsValueType && type.SpecialType != SpecialType.None)
            {
                return "M:" + type.GetDocumentationCommentId()!.Substring(2) + ".ToString";
            }

            for (ITypeSymbol? t = type; t is not null; t = t.BaseType)
            {
                IMethodSymbol? toString = t.GetMembers("ToString").OfType<IMethodSymbol>()
                    .FirstOrDefault(m => m.Parameters.Length == 0 && !m.IsStatic && (m.IsOverride || t.SpecialType == SpecialType.System_Object));
                if (toString is not null)
                {
                    return _check.IsFromSources(toString) ? null : SymbolChecker.AllowListId(toString);
                }
            }

            return "M:System.Object.ToString";
        }

        private void VisitForEach(IForEachLoopOperation forEach, Location location)
        {
            if (forEach.IsAsynchronous)
            {
                _check.Report(GateCategory.Async, location, "await foreach", "asynchronous streams need tasks and generics");
                return;
            }

            ITypeSymbol? collection = Unconverted(forEach.Collection).Type;
            if (collection is IArrayTypeSymbol || forEach.Syntax is not CommonForEachStatementSyntax syntax)
            {
                return; // foreach over an array is ldlen/ldelem
            }

            if (IsString(collection))
            {
                // foreach over a string is rewritten into a for loop over Length and the indexer.
                _check.RequireCompilerCall("P:System.String.Length", location, "foreach over a string");
                _check.RequireCompilerCall("P:System.String.Chars(System.Int32)", location, "foreach over a string");
                return;
            }

            ForEachStatementInfo info = _model.GetForEachStatementInfo(syntax);
            CheckOptional(info.GetEnumeratorMethod, location);
            CheckOptional(info.MoveNextMethod, location);
            if (info.CurrentProperty is not null)
            {
                _check.CheckMember(info.CurrentProperty, location);
            }

            CheckOptional(info.ElementConversion.MethodSymbol, location);
            CheckOptional(info.CurrentConversion.MethodSymbol, location);
            ITypeSymbol? enumerator = info.GetEnumeratorMethod?.ReturnType;
            if (info.DisposeMethod is not null)
            {
                _check.CheckMember(info.DisposeMethod, location);
            }
            else if (enumerator is not null && !(enumerator.IsSealed || enumerator.IsValueType))
            {
                // An enumerator that may implement IDisposable is disposed through `as IDisposable`.
                _check.RequireCompilerCall(DisposeId, location, "foreach over a non-array collection");
            }
        }

        private void VisitUsing(IOperation operation, Location location)
        {
            bool isAsynchronous = operation is IUsingOperation { IsAsynchronous: true } or IUsingDeclarationOperation { IsAsynchronous: true };
            if (isAsynchronous)
            {
                _check.Report(GateCategory.Async, location, "await using", "asynchronous disposal needs tasks");
                return;
            }

            _check.RequireCompilerCall(DisposeId, location, "a using statement");
        }

        private static void Flatten(IOperation operation, List<IOperation> pieces)
        {
            if (IsStringConcatenation(operation))
            {
                var binary = (IBinaryOperation)operation;
                Flatten(binary.LeftOperand, pieces);
                Flatten(binary.RightOperand, pieces);
                return;
            }

            pieces.Add(operation);
        }

        private static bool IsStringConcatenation(IOperation? operation) =>
            operation is IBinaryOperation { OperatorKind: BinaryOperatorKind.Add, OperatorMethod: null } binary && IsString(binary.Type);

        private static IOperation Unconverted(IOperation operation)
        {
            while (operation is IConversionOperation { IsImplicit: true } conversion)
            {
                operation = conversion.Operand;
            }

            return operation;
        }

        private static bool IsNullConstant(IOperation operation) =>
            Unconverted(operation).ConstantValue is { HasValue: true, Value: null };

        private static bool IsString(ITypeSymbol? type) => type?.SpecialType == SpecialType.System_String;

        private static bool IsDelegate(ITypeSymbol? type) => type?.TypeKind == TypeKind.Delegate;
    }
}
