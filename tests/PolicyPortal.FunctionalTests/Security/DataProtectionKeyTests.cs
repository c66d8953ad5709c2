using Microsoft.EntityFrameworkCore;
using PolicyPortal.Testing;
using PolicyPortal.Web.Data.Seeding;

namespace PolicyPortal.FunctionalTests.Security;

public sealed class DataProtectionKeyTests(PortalApplication app) : IClassFixture<PortalApplication>, IAsyncLifetime
{
    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task The_key_that_protects_sign_in_cookies_and_form_tokens_encrypts_with_AES_256_GCM()
    {
        await app.SignedInAsync(DemoAccounts.Teacher);

        var keys = await app.WithDatabaseAsync(db => db.DataProtectionKeys.Select(k => k.Xml).ToListAsync());

        Assert.NotEmpty(keys);
        Assert.All(keys, xml => Assert.Contains("<encryption algorithm=\"AES_256_GCM\"", xml, StringComparison.Ordinal));
    }
}
