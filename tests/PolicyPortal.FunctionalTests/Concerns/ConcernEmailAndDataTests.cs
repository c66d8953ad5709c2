using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using PolicyPortal.Testing;
using PolicyPortal.Web.Authorization;
using PolicyPortal.Web.Data.Seeding;
using PolicyPortal.Web.Services.Email;

namespace PolicyPortal.FunctionalTests.Concerns;

/// <summary>What leaves the portal about a concern: emails with a link and nothing else, and the reporter's own data.</summary>
public sealed class ConcernEmailAndDataTests(PortalApplication app) : IClassFixture<PortalApplication>, IAsyncLifetime
{
    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task The_principal_is_emailed_a_link_with_no_details_and_the_reporter_is_told_when_it_closes()
    {
        var teacher = await app.SignedInAsync(DemoAccounts.Teacher);
        var principal = await app.SignedInAsync(DemoAccounts.Principal);
        var id = await ConcernForms.ReportAsync(teacher, ConcernForms.About("Jo Patel"));
        var onReport = await SendAsync(app);
        await ConcernForms.ActAsync(principal, id, "close", new() { ["outcome"] = "Advice given to the member of staff." });
        var onClose = await SendAsync(app);

        var toPrincipal = Assert.Single(onReport);
        Assert.Equal("principal@example.org", toPrincipal.To.Mailboxes.Single().Address);
        Assert.Equal("A concern has been reported to you", toPrincipal.Subject);
        Assert.Contains($"https://portal.school.example/concerns/{id}", toPrincipal.TextBody, StringComparison.Ordinal);
        var toReporter = Assert.Single(onClose);
        Assert.Equal("teacher@example.org", toReporter.To.Mailboxes.Single().Address);
        Assert.Equal("Your concern has been closed", toReporter.Subject);
        Assert.Contains($"https://portal.school.example/concerns/{id}", toReporter.TextBody, StringComparison.Ordinal);
        foreach (var email in new[] { toPrincipal, toReporter })
        {
            var everything = email.Subject + "\n" + email.TextBody;
            foreach (var detail in new[] { "Jo Patel", "Sam Taylor", ConcernForms.WhatWasSeen, ConcernForms.Address, "20 November", "Employee", "Advice given" })
            {
                Assert.DoesNotContain(detail, everything, StringComparison.OrdinalIgnoreCase);
            }
        }
    }

    [Fact]
    public async Task A_concern_about_the_principal_is_emailed_to_every_governor_except_one_it_names_and_not_to_the_principal()
    {
        await app.AddPersonAsync("chris.lee@example.org", "Chris Lee", "Chair of Governors", Roles.Governor);
        await app.AddPersonAsync("dana.fox@example.org", "Dana Fox", "Parent Governor", Roles.Governor);
        var teacher = await app.SignedInAsync(DemoAccounts.Teacher);

        await ConcernForms.ReportAsync(teacher, ConcernForms.About("Robin Hughes", concernsThePrincipal: true));
        var sent = await SendAsync(app);

        Assert.Equal(["chris.lee@example.org", "dana.fox@example.org"], sent.Select(m => m.To.Mailboxes.Single().Address).Order(StringComparer.Ordinal));
        Assert.All(sent, m => Assert.DoesNotContain("Robin", m.TextBody, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task My_data_holds_the_concerns_I_reported_and_none_reported_about_me()
    {
        var teacher = await app.SignedInAsync(DemoAccounts.Teacher);
        var support = await app.SignedInAsync(DemoAccounts.Support);
        var principal = await app.SignedInAsync(DemoAccounts.Principal);
        var mine = await ConcernForms.ReportAsync(teacher, ConcernForms.About("Jo Patel"));
        var aboutMe = ConcernForms.About("Sam Taylor");
        aboutMe["WhatWasSeen"] = "A comment about a parent on a public page.";
        await ConcernForms.ReportAsync(support, aboutMe);
        await ConcernForms.ActAsync(principal, mine, "notes", new() { ["note"] = "Checked the staff list." });
        await ConcernForms.ActAsync(principal, mine, "close", new() { ["outcome"] = "Advice given." });

        using var data = JsonDocument.Parse(await teacher.GetStringAsync("/account/data"));

        var reported = Assert.Single(data.RootElement.GetProperty("ConcernsReported").EnumerateArray());
        Assert.Equal(mine, reported.GetProperty("Id").GetString());
        Assert.Equal(ConcernForms.WhatWasSeen, reported.GetProperty("WhatWasSeen").GetString());
        Assert.Equal(ConcernForms.Address, reported.GetProperty("Address").GetString());
        Assert.Equal("2026-11-20", reported.GetProperty("SeenOn").GetString());
        Assert.Equal("Jo Patel", reported.GetProperty("Concerning").GetString());
        Assert.Equal("employee-responsibility", reported.GetProperty("PolicySection").GetString());
        Assert.Equal("Closed", reported.GetProperty("Status").GetString());
        Assert.Equal("Advice given.", reported.GetProperty("OutcomeNote").GetString());
        var everything = data.RootElement.GetRawText();
        Assert.DoesNotContain("A comment about a parent", everything, StringComparison.Ordinal);
        Assert.DoesNotContain("Checked the staff list.", everything, StringComparison.Ordinal);
        Assert.DoesNotContain("Alex Morgan", everything, StringComparison.Ordinal);
        Assert.DoesNotContain("Viewed", everything, StringComparison.Ordinal);
    }

    private static async Task<IReadOnlyList<MimeMessage>> SendAsync(PortalApplication app)
    {
        var before = Directory.Exists(app.MailPickupDirectory) ? Directory.GetFiles(app.MailPickupDirectory, "*.eml").ToHashSet() : [];
        await app.Services.GetRequiredService<OutboxDispatcher>().DispatchDueAsync();
        return [.. Directory.GetFiles(app.MailPickupDirectory, "*.eml").Where(f => !before.Contains(f)).Select(f => MimeMessage.Load(f))];
    }
}
