using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PolicyPortal.FunctionalTests.Email;
using PolicyPortal.FunctionalTests.Signing;
using PolicyPortal.Testing;
using PolicyPortal.Web.Data.Seeding;
using PolicyPortal.Web.Domain;
using PolicyPortal.Web.Services;

namespace PolicyPortal.FunctionalTests.Evidence;

/// <summary>
/// The record's hash chain against someone with the database in hand: each test alters the SQLite file directly, as
/// such a person would (dropping the append-only triggers first), and the "Verify the record" page must say where.
/// </summary>
public sealed partial class RecordChainTests(PortalApplication app) : IClassFixture<PortalApplication>, IAsyncLifetime
{
    private const string VerifyUrl = "/record";

    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Signatures_and_events_join_the_chain_and_the_receipt_shows_its_entry()
    {
        var response = await SigningForm.SignAsync(await app.SignedInAsync(DemoAccounts.Teacher), "Sam Taylor");
        var receipt = await (await app.SignedInAsync(DemoAccounts.Teacher)).GetStringAsync(response.Headers.Location);
        var page = await (await app.SignedInAsync(DemoAccounts.Governor)).GetStringAsync(VerifyUrl);

        var (entries, head) = await app.WithDatabaseAsync(async db => (await db.ChainLinks.CountAsync(), await db.ChainLinks.OrderBy(l => l.Sequence).LastAsync()));
        Assert.Equal(EvidenceKind.Signature, head.Kind);
        Assert.Contains($"Entry {head.Sequence}, chain hash <code class=\"hash\">{head.ChainSha256}</code>", receipt, StringComparison.Ordinal);
        Assert.Contains($"<strong>Intact:</strong> {entries:N0} {(entries == 1 ? "entry" : "entries")}, the latest on 24 November 2026 at 09:30, chain head <code class=\"hash\">{head.ChainSha256}</code>.", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_servers_signing_at_once_write_one_chain_that_checks_out()
    {
        using var second = app.SecondInstance();
        var people = new[] { (app, DemoAccounts.Teacher, "Sam Taylor"), (second, DemoAccounts.Support, "Jo Patel"), (app, DemoAccounts.Governor, "Robin Hughes"), (second, DemoAccounts.Principal, "Alex Morgan") };
        var forms = await Task.WhenAll(people.Select(async p =>
        {
            var client = await p.Item1.SignedInAsync(p.Item2);
            return (client, await SigningForm.FilledInAsync(client, p.Item3));
        }));

        var signed = await Task.WhenAll(forms.Select(f => SigningForm.PostAsync(f.client, f.Item2)));

        Assert.All(signed, r => Assert.Equal(HttpStatusCode.Redirect, r.StatusCode));
        var report = await app.WithDatabaseAsync(db => new RecordChain(db).VerifyAsync());
        Assert.True(report.Intact);
        Assert.Equal(4, report.Entries);
        Assert.Equal(4, await app.WithDatabaseAsync(db => db.ChainLinks.CountAsync(l => l.Kind == EvidenceKind.Signature)));
    }

    [Fact]
    public async Task A_signature_changed_in_the_database_is_named_at_its_entry()
    {
        var (first, _) = await SignAsync(DemoAccounts.Teacher, "Sam Taylor");
        var (signature, link) = await SignAsync(DemoAccounts.Support, "Jo Patel");
        var (_, last) = await SignAsync(DemoAccounts.Governor, "Robin Hughes");

        await ExecuteAsync(
            "DROP TRIGGER TR_Acknowledgements_NoUpdate",
            $"UPDATE Acknowledgements SET SignatureName = 'Jo Smith' WHERE Id = {signature}");

        var page = await (await app.SignedInAsync(DemoAccounts.Governor)).GetStringAsync(VerifyUrl);
        Assert.Contains("<strong>Not intact.</strong>", page, StringComparison.Ordinal);
        Assert.Contains($"Entry {link.Sequence} does not match: signature {signature} of 24 November 2026 at 09:30 was changed after it was recorded.", page, StringComparison.Ordinal);
        var before = await app.WithDatabaseAsync(db => db.ChainLinks.SingleAsync(l => l.Sequence == link.Sequence - 1));
        Assert.Contains($"The entry before it matches; it has chain hash <code class=\"hash\">{before.ChainSha256}</code>", page, StringComparison.Ordinal);
        Assert.Equal(first, before.EntryId);

        // A receipt for a later entry still has the chain hash stored for it, which proves nothing now.
        var compared = await (await app.SignedInAsync(DemoAccounts.Governor)).GetStringAsync($"{VerifyUrl}?entry={last.Sequence}&chainHash={last.ChainSha256}");
        Assert.Contains($"Does not match: the record does not check out at entry {link.Sequence} (above), which comes before entry {last.Sequence} of your copy.", compared, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_signature_deleted_from_the_database_is_named_at_its_entry()
    {
        await SignAsync(DemoAccounts.Support, "Jo Patel");
        var (signature, link) = await SignAsync(DemoAccounts.Teacher, "Sam Taylor");

        await ExecuteAsync(
            "DROP TRIGGER TR_Acknowledgements_NoDelete",
            $"DELETE FROM Acknowledgements WHERE Id = {signature}");

        var page = await (await app.SignedInAsync(DemoAccounts.Principal)).GetStringAsync(VerifyUrl);
        Assert.Contains($"Entry {link.Sequence} does not match: signature {signature} of 24 November 2026 at 09:30, which it records, has been removed.", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_signature_added_in_the_database_is_found_outside_the_chain()
    {
        var (signature, _) = await SignAsync(DemoAccounts.Teacher, "Sam Taylor");

        await ExecuteAsync(
            $"""
            INSERT INTO Acknowledgements (UserId, RevisionId, SignedAtUtc, TextSha256, SignatureName)
            SELECT u.Id, a.RevisionId, a.SignedAtUtc, a.TextSha256, 'Jo Patel' FROM Acknowledgements a, AspNetUsers u
            WHERE a.Id = {signature} AND u.Email = '{DemoAccounts.Support.Email}'
            """);

        var page = await (await app.SignedInAsync(DemoAccounts.Governor)).GetStringAsync(VerifyUrl);
        Assert.Contains($"Signature {signature + 1} of 24 November 2026 at 09:30 is in no entry of the chain: it was written outside the portal.", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_chain_rewritten_whole_is_caught_by_the_chain_head_on_an_earlier_evidence_pack()
    {
        var (signature, _) = await SignAsync(DemoAccounts.Teacher, "Sam Taylor");
        var governor = await app.SignedInAsync(DemoAccounts.Governor);
        var pack = await governor.GetStringAsync($"/compliance/{SeedPolicy.Slug}/evidence");
        var printed = PrintedHead().Match(pack);
        Assert.True(printed.Success, "The evidence pack shows the chain head.");
        var (entry, hash) = (printed.Groups["entry"].Value, printed.Groups["hash"].Value);
        var before = await governor.GetStringAsync($"{VerifyUrl}?entry={entry}&chainHash={hash}");

        // The signature changed, and every link after it made again, by the portal's own code, so the chain is consistent.
        await ExecuteAsync(
            "DROP TRIGGER TR_Acknowledgements_NoUpdate",
            "DROP TRIGGER TR_ChainLinks_NoDelete",
            $"UPDATE Acknowledgements SET SignedAtUtc = '2026-11-20 09:30:00' WHERE Id = {signature}",
            "DELETE FROM ChainLinks");
        await app.WithDatabaseAsync(db => new RecordChain(db).LinkUnlinkedAsync());
        var after = await governor.GetStringAsync(VerifyUrl);
        var compared = await governor.GetStringAsync($"{VerifyUrl}?entry={entry}&chainHash={hash}");

        Assert.Contains($"Matches: entry {entry} has this chain hash", before, StringComparison.Ordinal);
        Assert.Contains("<strong>Intact:</strong>", after, StringComparison.Ordinal);
        Assert.Contains($"Does not match: entry {entry} has a different chain hash, so the record up to that entry has been rewritten since your copy was made.", compared, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Signatures_from_before_the_chain_are_linked_at_startup_even_after_a_stop_part_way()
    {
        await SignAsync(DemoAccounts.Teacher, "Sam Taylor");
        var (second, _) = await SignAsync(DemoAccounts.Support, "Jo Patel");
        var copy = Path.Combine(app.DataDirectory, "before-the-chain.db");
        await ExecuteAsync($"VACUUM INTO '{copy}'");

        // As the migration that made the chain leaves a database whose signatures it found, with the linking of them
        // stopped after the first.
        await ExecuteOnAsync(
            copy,
            "DROP TRIGGER TR_ChainLinks_NoDelete",
            "DELETE FROM ChainLinks WHERE Sequence = (SELECT MAX(Sequence) FROM ChainLinks)",
            $"UPDATE ChainBackfills SET Done = 0, UpToId = {second} WHERE Kind = 'Signature'");

        using var upgraded = PortalApplication.OnDatabase(copy);
        var report = await upgraded.WithDatabaseAsync(db => new RecordChain(db).VerifyAsync());

        Assert.True(report.Intact, report.Finding?.ToString());
        Assert.Equal(2, report.Entries);
        Assert.Equal((EvidenceKind.Signature, (long)second), (report.Head!.Kind, report.Head.EntryId));
        Assert.True(await upgraded.WithDatabaseAsync(db => db.ChainBackfills.AllAsync(b => b.Done)));
    }

    [Fact]
    public async Task A_chain_head_typed_wrongly_is_refused_beside_its_field_and_kept()
    {
        var governor = await app.SignedInAsync(DemoAccounts.Governor);

        var response = await governor.GetAsync($"{VerifyUrl}?entry=twelve&chainHash=abc");
        var page = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Enter the entry number printed with the chain hash, for example 1204.", page, StringComparison.Ordinal);
        Assert.Contains("Enter the chain hash as printed: 64 characters, the digits 0 to 9 and the letters a to f.", page, StringComparison.Ordinal);
        Assert.Contains("value=\"twelve\"", page, StringComparison.Ordinal);
        Assert.Contains("value=\"abc\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_governor_is_emailed_the_chain_head_once_a_month_with_a_link_that_checks_it()
    {
        await SignAsync(DemoAccounts.Teacher, "Sam Taylor");
        var head = await app.WithDatabaseAsync(db => db.ChainLinks.OrderBy(l => l.Sequence).LastAsync());

        var sentNow = await SendChainHeadNoticeAsync();
        var sentAgain = await SendChainHeadNoticeAsync();
        await Mailbox.DispatchAsync(app);
        app.Clock.Advance(TimeSpan.FromDays(3));
        var sentLaterInTheMonth = await SendChainHeadNoticeAsync();
        app.Clock.Advance(TimeSpan.FromDays(7));
        var sentNextMonth = await SendChainHeadNoticeAsync();

        Assert.Equal((true, false, false, true), (sentNow, sentAgain, sentLaterInTheMonth, sentNextMonth));
        var email = Assert.Single(Mailbox.To(app, DemoAccounts.Governor.Email));
        Assert.Empty(Mailbox.To(app, DemoAccounts.Teacher.Email));
        var body = email.TextBody;
        Assert.Contains($"ends with entry {head.Sequence}, written on 24 November 2026 at 09:30", body, StringComparison.Ordinal);
        var link = body!.Split('\n').Single(line => line.StartsWith("https://portal.school.example/record?", StringComparison.Ordinal)).Trim();
        var checkedPage = await (await app.SignedInAsync(DemoAccounts.Governor)).GetStringAsync(link.Replace("https://portal.school.example", "", StringComparison.Ordinal));
        Assert.Contains($"Matches: entry {head.Sequence} has this chain hash", checkedPage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Staff_cannot_verify_the_record()
    {
        var response = await (await app.SignedInAsync(DemoAccounts.Teacher)).GetAsync(VerifyUrl);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    private async Task<(int Signature, ChainLink Link)> SignAsync(DemoAccount account, string name)
    {
        var response = await SigningForm.SignAsync(await app.SignedInAsync(account), name);
        var id = int.Parse(response.Headers.Location!.OriginalString.Split('/')[^1], System.Globalization.CultureInfo.InvariantCulture);
        var link = await app.WithDatabaseAsync(db => db.ChainLinks.SingleAsync(l => l.Kind == EvidenceKind.Signature && l.EntryId == id));
        return (id, link);
    }

    private async Task<bool> SendChainHeadNoticeAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ChainHeadNotices>().RunAsync();
    }

    private Task ExecuteAsync(params string[] statements) => ExecuteOnAsync(app.DatabasePath, statements);

    private static async Task ExecuteOnAsync(string databasePath, params string[] statements)
    {
        await using var connection = new SqliteConnection($"Data Source={databasePath};Pooling=False");
        await connection.OpenAsync();
        foreach (var statement in statements)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = statement;
            await command.ExecuteNonQueryAsync();
        }
    }

    [GeneratedRegex("""entry (?<entry>\d+), chain hash <code class="hash">(?<hash>[0-9a-f]{64})</code>""")]
    private static partial Regex PrintedHead();
}
