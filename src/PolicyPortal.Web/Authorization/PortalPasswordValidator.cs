using System.Collections.Frozen;
using Microsoft.AspNetCore.Identity;
using PolicyPortal.Web.Domain;

namespace PolicyPortal.Web.Authorization;

/// <summary>
/// The password rules Identity's own options cannot express: at most <see cref="LongestPassword"/> characters, and not
/// one of the passwords most common in breaches (breached-passwords.txt, shipped inside the assembly), whatever its case.
/// The 12-character minimum and the absence of composition rules are Identity's options, in Program.cs.
/// </summary>
public sealed class PortalPasswordValidator : IPasswordValidator<PortalUser>
{
    public const int LongestPassword = 128;
    public const string TooLongCode = "PasswordTooLong";
    public const string BreachedCode = "PasswordBreached";

    private static readonly Lazy<FrozenSet<string>> Breached = new(LoadBreachedList);

    /// <summary>How many passwords the shipped list refuses.</summary>
    public static int BreachedCount => Breached.Value.Count;

    public Task<IdentityResult> ValidateAsync(UserManager<PortalUser> manager, PortalUser user, string? password)
    {
        if (password is null)
        {
            return Task.FromResult(IdentityResult.Success);
        }

        if (password.Length > LongestPassword)
        {
            return Task.FromResult(IdentityResult.Failed(new IdentityError
            {
                Code = TooLongCode,
                Description = $"A password has at most {LongestPassword} characters. Choose a shorter one.",
            }));
        }

        if (IsBreached(password))
        {
            return Task.FromResult(IdentityResult.Failed(new IdentityError
            {
                Code = BreachedCode,
                Description = "This password is on a list of passwords known to attackers; choose another.",
            }));
        }

        return Task.FromResult(IdentityResult.Success);
    }

    public static bool IsBreached(string password) => Breached.Value.Contains(password);

    private static FrozenSet<string> LoadBreachedList()
    {
        using var stream = typeof(PortalPasswordValidator).Assembly.GetManifestResourceStream("breached-passwords.txt")
            ?? throw new InvalidOperationException("The breached-passwords list is missing from the assembly.");
        using var reader = new StreamReader(stream);
        var passwords = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0 && !line.StartsWith('#'))
            {
                passwords.Add(line);
            }
        }

        return passwords.ToFrozenSet(StringComparer.OrdinalIgnoreCase);
    }
}
