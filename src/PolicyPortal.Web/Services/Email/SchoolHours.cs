using Microsoft.Extensions.Options;

namespace PolicyPortal.Web.Services.Email;

/// <summary>
/// When emails may arrive: from <c>Email:SendFrom</c> until <c>Email:SendUntil</c>, Monday to Friday, in the school's
/// time (<c>App:TimeZone</c>), so that nobody is emailed at midnight or at the weekend.
/// </summary>
public sealed class SchoolHours(IOptions<EmailOptions> options, SchoolTime schoolTime)
{
    public bool AreOpen(DateTime utc)
    {
        var local = schoolTime.ToLocal(utc);
        var time = TimeOnly.FromDateTime(local);
        var settings = options.Value;
        return local.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && time >= settings.SendFrom && time < settings.SendUntil;
    }
}
