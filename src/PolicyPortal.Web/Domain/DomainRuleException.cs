namespace PolicyPortal.Web.Domain;

/// <summary>A request the school's rules do not allow, e.g. editing an adopted revision. Its message is for the person who asked.</summary>
public class DomainRuleException(string message) : InvalidOperationException(message);

/// <summary>The record changed after the person looked at it (another tab, another person): they must look again.</summary>
public sealed class ConcurrencyConflictException(string message) : DomainRuleException(message);
