using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PolicyPortal.Testing;
using PolicyPortal.Web.Data.Seeding;
using PolicyPortal.Web.Domain;
using PolicyPortal.Web.Services;

namespace PolicyPortal.FunctionalTests.Presences;

public sealed class PresenceRenewalTests(PortalApplication app) : IClassFixture<PortalApplication>, IAsyncLifetime
{
    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task An_approval_is_reminded_a_month_before_its_end_once_and_then_lapses_and_leaves_the_register()
    {
        var id = await ApprovedRequestAsync(app);
        var start = app.Clock.GetUtcNow();

        app.Clock.Advance(start.AddMonths(11).AddDays(-2) - app.Clock.GetUtcNow());
        Assert.Equal((0, 0), await RunAsync(app));

        app.Clock.Advance(TimeSpan.FromDays(3));
        Assert.Equal((1, 0), await RunAsync(app));
        Assert.Equal((0, 0), await RunAsync(app));
        app.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal((0, 0), await RunAsync(app));

        var reminder = await app.WithDatabaseAsync(db => db.OutboxMessages.Where(m => m.Subject.StartsWith("Please re-confirm")).ToListAsync());
        Assert.Equal("teacher@example.org", Assert.Single(reminder).ToAddress);

        app.Clock.Advance(start.AddMonths(12).AddDays(1) - app.Clock.GetUtcNow());
        Assert.Equal((0, 1), await RunAsync(app));

        var request = await app.WithDatabaseAsync(db => db.PresenceRequests.SingleAsync(r => r.Id == id));
        Assert.Equal(PresenceStatus.Lapsed, request.Status);
        Assert.Contains(await app.WithDatabaseAsync(db => db.OutboxMessages.Select(m => m.Subject).ToListAsync()), s => s.StartsWith("Your social media approval has lapsed", StringComparison.Ordinal));
        var viewer = await app.SignedInAsync(DemoAccounts.Support);
        Assert.DoesNotContain("KE7 Science", await viewer.GetStringAsync("/presences/register"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Re_confirming_after_the_reminder_keeps_the_presence_on_the_register()
    {
        var id = await ApprovedRequestAsync(app);
        var start = app.Clock.GetUtcNow();
        app.Clock.Advance(start.AddMonths(11).AddDays(1) - app.Clock.GetUtcNow());
        await RunAsync(app);

        var teacher = await app.SignedInAsync(DemoAccounts.Teacher);
        var page = await teacher.GetStringAsync($"/presences/{id}");
        var reconfirmed = await teacher.PostFormAsync($"/presences/{id}", $"/presences/{id}/reconfirm", new() { ["ConcurrencyStamp"] = PortalClient.HiddenValue(page, "ConcurrencyStamp") });

        Assert.Equal(HttpStatusCode.Redirect, reconfirmed.StatusCode);
        app.Clock.Advance(TimeSpan.FromDays(60));
        Assert.Equal((0, 0), await RunAsync(app));
        var request = await app.WithDatabaseAsync(db => db.PresenceRequests.SingleAsync(r => r.Id == id));
        Assert.Equal(PresenceStatus.Approved, request.Status);
        Assert.Equal(new DateOnly(2028, 11, 24), request.ApprovedUntil);
        Assert.Contains("KE7 Science", await (await app.SignedInAsync(DemoAccounts.Support)).GetStringAsync("/presences/register"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_approval_far_from_its_end_cannot_be_re_confirmed_yet()
    {
        var id = await ApprovedRequestAsync(app);
        var teacher = await app.SignedInAsync(DemoAccounts.Teacher);
        var page = await teacher.GetStringAsync($"/presences/{id}");

        var response = await teacher.PostFormAsync($"/presences/{id}", $"/presences/{id}/reconfirm", new() { ["ConcurrencyStamp"] = PortalClient.HiddenValue(page, "ConcurrencyStamp") });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("It can be re-confirmed in the month before then.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static async Task<(int, int)> RunAsync(PortalApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<PresenceRenewals>().RunAsync();
    }

    private static async Task<int> ApprovedRequestAsync(PortalApplication app)
    {
        var teacher = await app.SignedInAsync(DemoAccounts.Teacher);
        var principal = await app.SignedInAsync(DemoAccounts.Principal);
        var url = (await teacher.PostFormAsync("/presences/new", "/presences/new", PresenceForms.Endorsed("KE7 Science", "YouTube", "https://youtube.com/@ke7science"))).Headers.Location!.OriginalString;
        var approved = await principal.PostFormAsync(url, $"{url}/decision", new() { ["ConcurrencyStamp"] = PortalClient.HiddenValue(await principal.GetStringAsync(url), "ConcurrencyStamp"), ["decision"] = "Approve", ["note"] = "" });
        Assert.Equal(HttpStatusCode.Redirect, approved.StatusCode);
        return int.Parse(url.Split('/').Last(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
