using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SmartBin.SubsetGate.Tests.Gate
{
    /// <summary>
    /// Walks every operation tree of one syntax tree (method, accessor, constructor and local-function bodies,
    /// field/property/parameter initializers, attribute arguments) and checks every symbol an operation refers
    /// to, including the calls the compiler makes on the code's behalf (see <see cref="LoweringModel"/>).
    /// </summary>
    internal sealed class OperationWalker
    {
        private readonly SymbolChecker _check;
        private readonly SemanticModel _model;
        private readonly DeclarationWalker _declarations;
        private readonly LoweringModel _lowering;

        public OperationWalker(SymbolChecker check, SemanticModel model, DeclarationWalker declarations)
        {
            _check = check;
            _model = model;
            _declarations = declarations;
            _lowering = new LoweringModel(check, model);
        }

        public void WalkTree(SyntaxTree tree)
        {
            foreach (IOperation root in FindRoots(tree))
            {
                foreach (IOperation operation in root.DescendantsAndSelf())
                {
                    Visit(operation);
                }
            }
        }

        // A root is an operation with no parent; every operation in the file belongs to exactly one root, and
        // asking each syntax node for its operation finds them all without knowing every kind of member body.
        private List<IOperation> FindRoots(SyntaxTree tree)
        {
            var roots = new List<IOperation>();
            var seen = new HashSet<IOperation>();
            foreach (SyntaxNode node in tree.GetRoot().DescendantNodesAndSelf())
            {
                IOperation? operation = _model.GetOperation(node);
                if (operation is { Parent: null } && seen.Add(operation))
                {
                    roots.Add(operation);
                }
            }

            return roots;
        }

        private void Visit(IOperation operation)
        {
            Location location = operation.Syntax.GetLocation();
            _check.CheckType(operation.Type, location);
            if (VisitReference(operation, location))
            {
                return;
            }

            if (VisitLanguageFeature(operation, location))
            {
                return;
            }

            _lowering.Visit(operation, location);
        }

        // Operations that name a symbol directly.
        private bool VisitReference(IOperation operation, Location location)
        {
            switch (operation)
            {
                case IInvocationOperation invocation:
                    _check.CheckMember(invocation.TargetMethod, location);
                    return true;
                case IObjectCreationOperation { Constructor: not null } creation:
                    _check.CheckMember(creation.Constructor, location);
                    return true;
                case IMemberReferenceOperation reference:
                    _check.CheckMember(reference.Member, location);
                    return true;
                case IVariableDeclaratorOperation declarator:
                    _check.CheckType(declarator.Symbol.Type, location);
                    return true;
                case ICatchClauseOperation catchClause:
                    _check.CheckType(catchClause.ExceptionType, location);
                    return true;
                case IIsTypeOperation isType:
                    _check.CheckType(isType.TypeOperand, location);
                    return true;
                case ISizeOfOperation sizeOf:
                    _check.CheckType(sizeOf.TypeOperand, location);
                    return true;
                case ILocalFunctionOperation localFunction:
                    _declarations.CheckMethodSignature(localFunction.Symbol, location);
                    return true;
                case IAnonymousFunctionOperation lambda:
                    _declarations.CheckMethodSignature(lambda.Symbol, location);
                    return true;
                case IPatternOperation pattern:
                    VisitPattern(pattern, location);
                    return true;
                case ISingleValueCaseClauseOperation caseClause:
                    _lowering.VisitStringConstantMatch(caseClause.Value, location);
                    return true;
                default:
                    return false;
            }
        }

        // Operations that are a forbidden language feature whatever they refer to.
        private bool VisitLanguageFeature(IOperation operation, Location location)
        {
            switch (operation)
            {
                case ILockOperation:
                    _check.Report(GateCategory.Lock, location, "lock statement",
                        "lock binds to Monitor.Enter(object, ref bool), which nanoFramework lacks; the core runs in one control loop and needs no lock");
                    return true;
                case IAwaitOperation:
                    _check.Report(GateCategory.Async, location, Snippet(operation.Syntax), "await needs Task and a compiler-built state machine; nanoFramework 1.x has neither");
                    return true;
                case IInterpolatedStringOperation or IInterpolatedStringHandlerCreationOperation:
                    _check.Report(GateCategory.StringInterpolation, location, Snippet(operation.Syntax),
                        "string interpolation binds to DefaultInterpolatedStringHandler or string.Format overloads nanoFramework lacks; concatenate with +");
                    return true;
                case ITranslatedQueryOperation:
                    _check.Report(GateCategory.Linq, location, Snippet(operation.Syntax), "query expressions compile to System.Linq calls; write the loop");
                    return true;
                case ITupleOperation or IDeconstructionAssignmentOperation:
                    _check.Report(GateCategory.Tuple, location, Snippet(operation.Syntax), "tuples and deconstruction compile to generic ValueTuple structs");
                    return true;
                case ICollectionExpressionOperation collection when collection.Type is not IArrayTypeSymbol:
                    _check.Report(GateCategory.Unsupported, location, Snippet(operation.Syntax),
                        "a collection expression builds a non-array type through calls the gate does not model; use new T[] or explicit Add calls");
                    return true;
                case IInlineArrayAccessOperation:
                    _check.Report(GateCategory.Span, location, Snippet(operation.Syntax), "inline arrays are accessed through Span<T>");
                    return true;
                default:
                    return false;
            }
        }

        private void VisitPattern(IPatternOperation pattern, Location location)
        {
            _check.CheckType(pattern.NarrowedType, location);
            switch (pattern)
            {
                case IRecursivePatternOperation recursive:
                    _check.CheckType(recursive.MatchedType, location);
                    if (recursive.DeconstructSymbol is not null)
                    {
                        _check.CheckMember(recursive.DeconstructSymbol, location);
                    }

                    break;
                case IDeclarationPatternOperation declaration:
                    _check.CheckType(declaration.MatchedType, location);
                    break;
                case ITypePatternOperation typePattern:
                    _check.CheckType(typePattern.MatchedType, location);
                    break;
                case IConstantPatternOperation constant:
                    _lowering.VisitStringConstantMatch(constant.Value, location);
                    break;
            }
        }

        private static string Snippet(SyntaxNode syntax)
        {
            const int SnippetLengthMax = 60;
            string text = string.Join(" ", syntax.ToString().Split(new[] { '\r', '\n' }, System.StringSplitOptions.RemoveEmptyEntries));
            return text.Length <= SnippetLengthMax ? text : text.Substring(0, SnippetLengthMax) + "...";
        }
    }
}
