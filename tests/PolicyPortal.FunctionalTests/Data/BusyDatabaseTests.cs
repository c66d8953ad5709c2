using System.Net;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using PolicyPortal.FunctionalTests.Signing;
using PolicyPortal.Testing;
using PolicyPortal.Web.Data.Seeding;

namespace PolicyPortal.FunctionalTests.Data;

/// <summary>Another process (a script, a second server) holds SQLite's write lock on the portal's own file.</summary>
public sealed class BusyDatabaseTests
{
    private static readonly Dictionary<string, string> OneSecondBusyTimeout = new() { ["Database:BusyTimeoutSeconds"] = "1" };

    [Fact]
    public async Task A_signature_sent_while_another_process_writes_waits_for_it_and_is_saved_once()
    {
        using var app = new PortalApplication();
        var teacher = await app.SignedInAsync(DemoAccounts.Teacher);
        var fields = await SigningForm.FilledInAsync(teacher, "Sam Taylor");

        Task<HttpResponseMessage> signing;
        await using (var other = await OtherWriter.StartAsync(app))
        {
            signing = SigningForm.PostAsync(teacher, fields);

            // The other process's write takes two seconds; the signature cannot be saved before it commits.
            await Task.Delay(TimeSpan.FromSeconds(2));
            Assert.False(signing.IsCompleted);
            await other.CommitAsync();
        }

        var response = await signing;

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var receipt = await teacher.GetStringAsync(response.Headers.Location!.OriginalString);
        Assert.Contains("Thank you. Your signature is recorded.", receipt, StringComparison.Ordinal);
        var stored = Assert.Single(await app.WithDatabaseAsync(db => db.Acknowledgements.ToListAsync()));
        Assert.Equal("Sam Taylor", stored.SignatureName);
    }

    [Fact]
    public async Task Pages_can_be_read_while_another_process_holds_the_write_lock()
    {
        using var app = new PortalApplication { Settings = OneSecondBusyTimeout };
        var teacher = await app.SignedInAsync(DemoAccounts.Teacher);

        await using var other = await OtherWriter.StartAsync(app);
        var policy = await teacher.GetAsync(SeedPolicy.Url);
        var mine = await teacher.GetAsync("/");

        // Write-ahead logging: readers see the last committed state and never wait for a writer.
        Assert.Equal(HttpStatusCode.OK, policy.StatusCode);
        Assert.Contains("Personal Use of Social Media Sites", await policy.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, mine.StatusCode);
        Assert.Contains("You have 1 policy to sign.", await mine.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary>
    /// Another process writing to the portal's database file: <c>BEGIN IMMEDIATE</c> and a write, holding SQLite's write
    /// lock until it commits, or rolls back when disposed.
    /// </summary>
    private sealed class OtherWriter : IAsyncDisposable
    {
        private readonly SqliteConnection _connection;
        private readonly SqliteTransaction _transaction;

        private OtherWriter(SqliteConnection connection)
        {
            _connection = connection;
            _transaction = connection.BeginTransaction(deferred: false);
        }

        public static async Task<OtherWriter> StartAsync(PortalApplication app)
        {
            var connection = new SqliteConnection($"Data Source={app.DatabasePath};Pooling=False");
            await connection.OpenAsync();
            var writer = new OtherWriter(connection);
            await using var write = connection.CreateCommand();
            write.Transaction = writer._transaction;
            write.CommandText = "UPDATE Policies SET Title = Title";
            await write.ExecuteNonQueryAsync();
            return writer;
        }

        public Task CommitAsync() => _transaction.CommitAsync();

        public async ValueTask DisposeAsync()
        {
            await _transaction.DisposeAsync();
            await _connection.DisposeAsync();
        }
    }
}
