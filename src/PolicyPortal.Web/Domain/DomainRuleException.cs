namespace PolicyPortal.Web.Domain;

/// <summary>A request the school's rules do not allow, e.g. editing an adopted revision. Its message is for the person who asked.</summary>
public class DomainRuleException(string message) : InvalidOperationException(message);
