using System.Data.Common;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using PolicyPortal.FunctionalTests.Signing;
using PolicyPortal.Testing;
using PolicyPortal.Web.Authorization;
using Serilog.Events;

namespace PolicyPortal.FunctionalTests.Data;

/// <summary>
/// No space left to write in: a visitor is told the portal cannot save, never given a server error; nothing is half
/// saved; readiness says so until a write works again.
/// </summary>
public sealed class FullDiskTests
{
    [Fact]
    public async Task A_signature_that_finds_no_space_gets_the_cannot_save_page_saves_nothing_and_readiness_fails_until_space_returns()
    {
        var log = new CapturedLog();
        var disk = new FullDisk();
        using var app = new PortalApplication
        {
            ConfigureTestServices = services =>
            {
                log.AddTo(services);
                services.AddSingleton<IInterceptor>(disk);
            },
        };
        var signers = new List<(string UserId, HttpClient Client, Dictionary<string, string> Fields)>();
        for (var n = 1; n <= 40; n++)
        {
            var person = await app.AddPersonAsync($"signer{n}@example.org", $"Signer {n}", "Teacher", Roles.Staff);
            var client = await app.SignedInAsync(person);
            var userId = await app.WithDatabaseAsync(db => db.Users.Where(u => u.Email == person.Email).Select(u => u.Id).SingleAsync());
            signers.Add((userId, client, await SigningForm.FilledInAsync(client, person.FullName)));
        }

        // Signatures fit in the pages the file has until one needs a new page; that one finds the disk full.
        disk.IsFull = true;
        var refused = default((string UserId, HttpClient Client, Dictionary<string, string> Fields, HttpResponseMessage Response)?);
        foreach (var (userId, client, fields) in signers)
        {
            var response = await SigningForm.PostAsync(client, fields);
            if (response.StatusCode != HttpStatusCode.Redirect)
            {
                refused = (userId, client, fields, response);
                break;
            }
        }

        Assert.NotNull(refused);
        var (refusedUserId, refusedClient, refusedFields, refusal) = refused.Value;
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refusal.StatusCode);
        var page = await refusal.Content.ReadAsStringAsync();
        Assert.Contains("<title>The portal cannot save right now – PolicyPortal</title>", page, StringComparison.Ordinal);
        Assert.Contains("The portal cannot save right now, so nothing was recorded. Please tell the school office", page, StringComparison.Ordinal);
        Assert.Equal(0, await app.WithDatabaseAsync(db => db.Acknowledgements.CountAsync(a => a.UserId == refusedUserId)));
        await AssertReadyAsync(app, HttpStatusCode.ServiceUnavailable);

        var warning = Assert.Single(log.Events, e => e.Level == LogEventLevel.Warning && CapturedLog.Text(e).Contains("answered 503 because the database had no space to write", StringComparison.Ordinal));
        Assert.Null(warning.Exception);
        Assert.DoesNotContain(log.Events, e => e.Level >= LogEventLevel.Error);

        disk.IsFull = false;
        await AssertReadyAsync(app, HttpStatusCode.OK);
        var again = await SigningForm.PostAsync(refusedClient, refusedFields);
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.Equal(1, await app.WithDatabaseAsync(db => db.Acknowledgements.CountAsync(a => a.UserId == refusedUserId)));
    }

    private static async Task AssertReadyAsync(PortalApplication app, HttpStatusCode expected) =>
        Assert.Equal(expected, (await app.Anonymous().GetAsync("/health/ready")).StatusCode);

    /// <summary>
    /// While full, each connection the app opens may not make the file any larger (<c>PRAGMA max_page_count</c>), so a
    /// write that needs a new page fails as SQLite does on a full disk: <c>SQLITE_FULL</c>.
    /// </summary>
    private sealed class FullDisk : DbConnectionInterceptor
    {
        public bool IsFull { get; set; }

        public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) =>
            Limit(connection).GetAwaiter().GetResult();

        public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default) =>
            Limit(connection);

        private async Task Limit(DbConnection connection)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA page_count";
            var pages = IsFull ? (long)(await command.ExecuteScalarAsync())! : uint.MaxValue - 1;
            command.CommandText = $"PRAGMA max_page_count = {pages}";
            await command.ExecuteNonQueryAsync();
        }
    }
}
