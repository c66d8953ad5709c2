using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PolicyPortal.Testing;
using PolicyPortal.Web.Data.Seeding;
using PolicyPortal.Web.Domain;

namespace PolicyPortal.FunctionalTests.Data;

public sealed class DatabaseTests(PortalApplication app) : IClassFixture<PortalApplication>, IAsyncLifetime
{
    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task The_default_database_is_a_sqlite_file_in_write_ahead_logging_mode_with_the_seed_policy()
    {

        var mode = await app.WithDatabaseAsync(db => db.Database.SqlQueryRaw<string>("PRAGMA journal_mode").ToListAsync());
        var revision = await app.WithDatabaseAsync(db => db.PolicyRevisions.Include(r => r.Policy).SingleAsync());

        Assert.True(File.Exists(app.DatabasePath));
        Assert.Equal("wal", Assert.Single(mode));
        Assert.Equal("personal-use-of-social-media", revision.Policy.Slug);
        Assert.Equal("1.0", revision.Version);
        Assert.Equal(RevisionStatus.Adopted, revision.Status);
        Assert.Equal(PolicyRevision.HashOf(revision.Body), revision.BodySha256);
        Assert.Equal(PolicyAudience.StaffAndGovernors, revision.Policy.Audience);
    }

    [Fact]
    public async Task Restarting_the_portal_does_not_import_the_seed_policy_twice()
    {
        var before = await app.WithDatabaseAsync(db => db.PolicyRevisions.CountAsync());

        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<PortalSeeder>().SeedAsync();
        }

        Assert.Equal(1, before);
        Assert.Equal(1, await app.WithDatabaseAsync(db => db.PolicyRevisions.CountAsync()));
    }

    [Fact]
    public async Task An_acknowledgement_can_never_be_changed_or_deleted()
    {
        await app.WithDatabaseAsync(async db =>
        {
            var teacher = await db.Users.SingleAsync(u => u.Email == DemoAccounts.Teacher.Email);
            var revision = await db.PolicyRevisions.SingleAsync();
            db.Acknowledgements.Add(revision.Acknowledge(new Person(teacher.Id, teacher.FullName), revision.BodySha256, "Sam Taylor", app.Clock.GetUtcNow().UtcDateTime));
            await db.SaveChangesAsync();
        });

        var deleting = await app.WithDatabaseAsync(async db =>
        {
            db.Acknowledgements.Remove(await db.Acknowledgements.SingleAsync());
            return await Record.ExceptionAsync(() => db.SaveChangesAsync());
        });
        var changing = await app.WithDatabaseAsync(async db =>
        {
            var acknowledgement = await db.Acknowledgements.SingleAsync();
            db.Entry(acknowledgement).Property(a => a.SignatureName).CurrentValue = "Someone Else";
            return await Record.ExceptionAsync(() => db.SaveChangesAsync());
        });

        Assert.IsType<InvalidOperationException>(deleting);
        Assert.IsType<InvalidOperationException>(changing);
        var stored = await app.WithDatabaseAsync(db => db.Acknowledgements.SingleAsync());
        Assert.Equal("Sam Taylor", stored.SignatureName);
    }

    [Theory]
    [InlineData("Adopted", "Adopted")]
    [InlineData("Draft", "InReview")]
    [InlineData("Draft", "Draft")]
    public async Task The_database_refuses_a_second_revision_in_force_or_in_preparation_for_one_policy(string first, string second)
    {
        if (first != "Adopted")
        {
            await app.WithDatabaseAsync(db => InsertRevisionAsync(db, 2, first));
        }

        var error = await app.WithDatabaseAsync(db => Record.ExceptionAsync(() => InsertRevisionAsync(db, 3, second)));

        Assert.IsType<Microsoft.Data.Sqlite.SqliteException>(error);
        Assert.Contains("UNIQUE constraint failed", error.Message, StringComparison.Ordinal);
        Assert.Equal(first == "Adopted" ? 1 : 2, await app.WithDatabaseAsync(db => db.PolicyRevisions.CountAsync()));
    }

    // Straight to the database, as a bug or a hand-written script would, past every rule in the code.
    private static Task<int> InsertRevisionAsync(Web.Data.PortalDbContext db, int sequence, string status) =>
        db.Database.ExecuteSqlAsync($"""
            INSERT INTO PolicyRevisions (PolicyId, Sequence, Version, Body, BodySha256, Status, ChangeKind, ReviewRound, ConcurrencyStamp, CreatedAtUtc, ReviewedOnPrecision, ReviewCycleMonths)
            SELECT PolicyId, {sequence}, {"9." + sequence}, 'Other text', BodySha256, {status}, 'Minor', 0, {Guid.NewGuid()}, CreatedAtUtc, ReviewedOnPrecision, ReviewCycleMonths FROM PolicyRevisions WHERE Sequence = 1
            """);

    [Theory]
    [InlineData("UPDATE Acknowledgements SET SignatureName = 'Someone Else'", "cannot be changed")]
    [InlineData("DELETE FROM Acknowledgements", "cannot be deleted")]
    [InlineData("UPDATE Acknowledgements SET TextSha256 = '0000000000000000000000000000000000000000000000000000000000000000'", "cannot be changed")]
    public async Task The_database_itself_refuses_to_alter_a_signature(string sql, string reason)
    {
        await app.WithDatabaseAsync(async db =>
        {
            var teacher = await db.Users.SingleAsync(u => u.Email == DemoAccounts.Teacher.Email);
            var revision = await db.PolicyRevisions.SingleAsync();
            db.Acknowledgements.Add(revision.Acknowledge(new Person(teacher.Id, teacher.FullName), revision.BodySha256, "Sam Taylor", app.Clock.GetUtcNow().UtcDateTime));
            await db.SaveChangesAsync();
        });

        var error = await app.WithDatabaseAsync(db => Record.ExceptionAsync(() => db.Database.ExecuteSqlRawAsync(sql)));
        var bulk = await app.WithDatabaseAsync(db => Record.ExceptionAsync(() => db.Acknowledgements.ExecuteDeleteAsync()));

        Assert.Contains(reason, error?.Message, StringComparison.Ordinal);
        Assert.Contains("cannot be deleted", bulk?.Message, StringComparison.Ordinal);
        var stored = await app.WithDatabaseAsync(db => db.Acknowledgements.SingleAsync());
        Assert.Equal("Sam Taylor", stored.SignatureName);
    }
}
