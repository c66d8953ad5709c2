namespace PolicyPortal.Web.Infrastructure;

/// <summary>
/// The portal will not start, for a reason the administrator must fix, such as a damaged database. The message says what
/// and how; it is logged as one fatal line, without a stack trace, which would say nothing more.
/// </summary>
public sealed class StartupRefusedException(string message) : Exception(message);
