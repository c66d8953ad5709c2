using Microsoft.EntityFrameworkCore;
using PolicyPortal.Web.Authorization;

namespace PolicyPortal.Web.Data;

/// <summary>
/// The database ids of the three roles, read once for a piece of work, so that queries can test role membership by id
/// (an index seek on <c>AspNetUserRoles</c>) rather than joining the roles table for every person.
/// </summary>
public sealed record RoleIds(string Principal, string Staff, string Governor)
{
    public static async Task<RoleIds> ReadAsync(PortalDbContext db, CancellationToken cancellationToken)
    {
        var ids = await db.Roles.Where(r => r.Name != null).ToDictionaryAsync(r => r.Name!, r => r.Id, cancellationToken);
        return new RoleIds(
            ids.GetValueOrDefault(Roles.Principal, string.Empty),
            ids.GetValueOrDefault(Roles.Staff, string.Empty),
            ids.GetValueOrDefault(Roles.Governor, string.Empty));
    }

    /// <summary>The id of one of <see cref="Roles.All"/>.</summary>
    public string Of(string role) => role switch
    {
        Roles.Principal => Principal,
        Roles.Staff => Staff,
        Roles.Governor => Governor,
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "Not one of the portal's roles."),
    };
}
