using System.Net;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.EntityFrameworkCore;
using PolicyPortal.FunctionalTests.Lifecycle;
using PolicyPortal.FunctionalTests.Signing;
using PolicyPortal.Testing;
using PolicyPortal.Web.Data.Seeding;

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
    public async Task A_signature_made_through_one_server_shows_on_the_others_next_page()
    {
        using var first = new PortalApplication();
        using var second = first.SecondInstance();
        var browser = new CookieContainer();
        using var viaFirst = first.CreateDefaultClient(new Uri("https://localhost"), new CookieContainerHandler(browser));
        using var viaSecond = second.CreateDefaultClient(new Uri("https://localhost"), new CookieContainerHandler(browser));
        await viaFirst.PostFormAsync("/account/sign-in", "/account/sign-in", new() { ["Email"] = DemoAccounts.Teacher.Email, ["Password"] = DemoAccounts.Password });

        var before = await viaSecond.GetStringAsync(SeedPolicy.Url);
        var signed = await SigningForm.SignAsync(viaFirst, "Sam Taylor");
        var after = await viaSecond.GetStringAsync(SeedPolicy.Url);

        Assert.Equal(HttpStatusCode.Redirect, signed.StatusCode);
        Assert.DoesNotContain("You signed version", before, StringComparison.Ordinal);
        Assert.Contains("You signed version", after, StringComparison.Ordinal);
    }

    [Fact]
    public async Task After_an_adoption_on_one_server_the_other_shows_the_new_version_on_its_next_page()
    {
        using var first = new PortalApplication();
        using var second = first.SecondInstance();
        first.StartServer(); // seeds the demo accounts the second server's visitor signs in with
        var onSecond = await second.SignedInAsync(DemoAccounts.Teacher);
        var before = await onSecond.GetStringAsync(SeedPolicy.Url);

        await LifecycleSteps.AdoptChangeAsync(first, SeedPolicy.Document.Body + "\n\nA sentence added at the annual review.", "One sentence added.", "Material");
        var after = await onSecond.GetStringAsync(SeedPolicy.Url);
        var list = await onSecond.GetStringAsync("/policies");

        Assert.Contains("Policy · version 1.0", before, StringComparison.Ordinal);
        Assert.Contains("Policy · version 2.0", after, StringComparison.Ordinal);
        Assert.Contains("A sentence added at the annual review.", after, StringComparison.Ordinal);
        Assert.Contains("Sign version 2.0", after, StringComparison.Ordinal);
        Assert.Contains("2.0", list, StringComparison.Ordinal);
    }
}
