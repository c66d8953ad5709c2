namespace PolicyPortal.Web.Domain;

/// <summary>A request the school's rules do not allow, e.g. editing an adopted revision. Its message is for the person who asked.</summary>
public class DomainRuleException(string message) : InvalidOperationException(message);

/// <summary>The record changed after the person looked at it (another tab, another person): they must look again.</summary>
public sealed class ConcurrencyConflictException(string message) : DomainRuleException(message);

/// <summary>What someone filled in cannot be used: every problem, each for its field of the form.</summary>
public sealed class InvalidDetailsException(IReadOnlyList<FieldProblem> problems)
    : DomainRuleException(string.Join(" ", problems.Select(p => p.Message)))
{
    public IReadOnlyList<FieldProblem> Problems { get; } = problems;
}

/// <summary>The record a request names does not exist: the visitor gets the not-found page.</summary>
public abstract class RecordNotFoundException(string message) : Exception(message);
