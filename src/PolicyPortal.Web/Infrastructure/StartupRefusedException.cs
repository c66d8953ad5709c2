namespace PolicyPortal.Web.Infrastructure;

/// <summary>
/// Something the operator must put right before the portal can start, such as a database that is not there, with a
/// message that says what to do. Program.cs logs it as one fatal line, without a stack trace, and exits with code 1.
/// </summary>
public sealed class StartupRefusedException(string message) : Exception(message);
