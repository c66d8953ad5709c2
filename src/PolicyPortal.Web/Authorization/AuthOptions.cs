namespace PolicyPortal.Web.Authorization;

/// <summary>The <c>Auth</c> settings: how long a session lasts, how many sign-in attempts one address may make, and who needs two-step sign-in.</summary>
public sealed class AuthOptions
{
    /// <summary>A session ends after this many minutes without a request. Each request made in the second half renews it.</summary>
    public int IdleTimeoutMinutes { get; set; } = 30;

    /// <summary>A session ends this many hours after signing in, however busy it is.</summary>
    public int AbsoluteLifetimeHours { get; set; } = 12;

    public const int DefaultPasswordResetMinutes = 60;

    public const int DefaultSignInAttemptsPerMinute = 300;

    /// <summary>
    /// Sign-in, two-step, set-password and password reset forms one client address may send in a minute: a ceiling high
    /// enough for a staff room behind one public address. Lockout counts each account's failures.
    /// </summary>
    public int SignInAttemptsPerMinute { get; set; } = DefaultSignInAttemptsPerMinute;

    /// <summary>How long the link in a password reset email works.</summary>
    public int PasswordResetMinutes { get; set; } = DefaultPasswordResetMinutes;

    /// <summary>
    /// The roles, comma-separated, whose people must sign in with a code from an authenticator app as well as their
    /// password; empty for none. Everyone else may choose to.
    /// </summary>
    public string RequireTwoStepFor { get; set; } = Roles.Principal;

    public IReadOnlyList<string> RolesRequiringTwoStep =>
        RequireTwoStepFor.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public TimeSpan IdleTimeout => TimeSpan.FromMinutes(IdleTimeoutMinutes);

    public TimeSpan AbsoluteLifetime => TimeSpan.FromHours(AbsoluteLifetimeHours);

    public bool IsValid() =>
        IdleTimeoutMinutes is >= 1 and <= 24 * 60
        && AbsoluteLifetimeHours is >= 1 and <= 7 * 24
        && IdleTimeout <= AbsoluteLifetime
        && SignInAttemptsPerMinute >= 1
        && PasswordResetMinutes is >= 5 and <= 24 * 60
        && RolesRequiringTwoStep.All(Roles.All.Contains);
}
