using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using PolicyPortal.Web.Authorization;

namespace PolicyPortal.UnitTests.Authorization;

public sealed class RememberedTicketsTests
{
    private readonly RememberedTickets _format = new(new TicketDataFormat(new EphemeralDataProtectionProvider().CreateProtector("cookie")));

    [Fact]
    public void A_cookie_read_again_gives_the_same_person_in_a_copy_of_its_own()
    {
        var cookie = _format.Protect(Ticket("anna@school.example"));

        var first = _format.Unprotect(cookie)!;
        first.Principal.Identities.Single().AddClaim(new Claim(ClaimTypes.Role, "Principal"));
        first.Properties.Items["changed"] = "by one request";
        var second = _format.Unprotect(cookie)!;

        Assert.Equal("anna@school.example", second.Principal.Identity!.Name);
        Assert.False(second.Principal.IsInRole("Principal"));
        Assert.False(second.Properties.Items.ContainsKey("changed"));
    }

    [Fact]
    public void A_cookie_changed_by_one_character_is_refused_even_after_the_original_was_read()
    {
        var cookie = _format.Protect(Ticket("anna@school.example"));
        Assert.NotNull(_format.Unprotect(cookie));

        var middle = cookie.Length / 2;
        var altered = cookie[..middle] + (cookie[middle] == 'A' ? 'B' : 'A') + cookie[(middle + 1)..];

        Assert.Null(_format.Unprotect(altered));
        Assert.Null(_format.Unprotect("not a cookie"));
    }

    private static AuthenticationTicket Ticket(string name) =>
        new(new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, name)], "Identity.Application")), new AuthenticationProperties(), "Identity.Application");
}
