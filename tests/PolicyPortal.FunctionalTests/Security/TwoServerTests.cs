using System.Net;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PolicyPortal.FunctionalTests.Signing;
using PolicyPortal.Testing;
using PolicyPortal.Web.Data.Seeding;
using PolicyPortal.Web.Services;

namespace PolicyPortal.FunctionalTests.Security;

/// <summary>Two web servers on one database, as behind a load balancer, each with its own folder for files.</summary>
public sealed class TwoServerTests
{
    [Fact]
    public async Task A_person_signed_in_on_one_server_signs_a_policy_through_the_other()
    {
        using var first = new PortalApplication();
        using var second = first.SecondInstance();
        var browser = new CookieContainer();
        using var viaFirst = first.CreateDefaultClient(new Uri("https://localhost"), new CookieContainerHandler(browser));
        using var viaSecond = second.CreateDefaultClient(new Uri("https://localhost"), new CookieContainerHandler(browser));

        var signIn = await viaFirst.PostFormAsync("/account/sign-in", "/account/sign-in", new() { ["Email"] = DemoAccounts.Teacher.Email, ["Password"] = DemoAccounts.Password });
        var home = await viaSecond.GetAsync("/");

        // The form and its token come from the first server; the signature is posted to the second.
        var fields = await SigningForm.FilledInAsync(viaFirst, "Sam Taylor");
        var signed = await SigningForm.PostAsync(viaSecond, fields);

        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        Assert.Contains("Sam Taylor", await home.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, signed.StatusCode);
        Assert.Equal(1, await first.WithDatabaseAsync(db => db.Acknowledgements.CountAsync()));
        Assert.NotEqual(0, await first.WithDatabaseAsync(db => db.DataProtectionKeys.CountAsync()));
        Assert.False(Directory.Exists(Path.Combine(first.DataDirectory, "keys")), "No key files: the keys are in the database.");
    }

    [Fact]
    public async Task A_signature_made_through_one_server_shows_on_the_other_once_it_has_looked_for_new_ones()
    {
        using var first = new PortalApplication();
        using var second = first.SecondInstance();
        var browser = new CookieContainer();
        using var viaFirst = first.CreateDefaultClient(new Uri("https://localhost"), new CookieContainerHandler(browser));
        using var viaSecond = second.CreateDefaultClient(new Uri("https://localhost"), new CookieContainerHandler(browser));
        await viaFirst.PostFormAsync("/account/sign-in", "/account/sign-in", new() { ["Email"] = DemoAccounts.Teacher.Email, ["Password"] = DemoAccounts.Password });
        var feed = second.Services.GetRequiredService<SignaturesFeed>();
        await feed.CatchUpAsync(); // its first look: what is signed after it is news

        // The second server reads, and keeps in memory, that nothing is signed yet; the signature goes through the first.
        var before = await viaSecond.GetStringAsync(SeedPolicy.Url);
        var signed = await SigningForm.SignAsync(viaFirst, "Sam Taylor");
        await feed.CatchUpAsync();
        var after = await viaSecond.GetStringAsync(SeedPolicy.Url);

        Assert.Equal(HttpStatusCode.Redirect, signed.StatusCode);
        Assert.DoesNotContain("You signed version", before, StringComparison.Ordinal);
        Assert.Contains("You signed version", after, StringComparison.Ordinal);
    }
}
