using System.Net;
using PolicyPortal.FunctionalTests.Signing;
using PolicyPortal.Testing;
using PolicyPortal.Web.Data.Seeding;

namespace PolicyPortal.FunctionalTests.Security;

public sealed class ReceiptAccessTests(PortalApplication app) : IClassFixture<PortalApplication>, IAsyncLifetime
{
    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Staff_and_governors_see_only_their_own_receipts_and_the_principal_sees_all()
    {
        var teacher = await app.SignedInAsync(DemoAccounts.Teacher);
        var governor = await app.SignedInAsync(DemoAccounts.Governor);
        var support = await app.SignedInAsync(DemoAccounts.Support);
        var principal = await app.SignedInAsync(DemoAccounts.Principal);
        var teachersReceipt = (await SigningForm.SignAsync(teacher, "Sam Taylor")).Headers.Location!.OriginalString;
        var governorsReceipt = (await SigningForm.SignAsync(governor, "Robin Hughes")).Headers.Location!.OriginalString;

        Assert.Equal(HttpStatusCode.OK, (await teacher.GetAsync(teachersReceipt)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await governor.GetAsync(governorsReceipt)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await governor.GetAsync(teachersReceipt)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await support.GetAsync(teachersReceipt)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await teacher.GetAsync(governorsReceipt)).StatusCode);

        var seenByPrincipal = await principal.GetAsync(teachersReceipt);
        Assert.Equal(HttpStatusCode.OK, seenByPrincipal.StatusCode);
        Assert.Contains("Sam Taylor (teacher@example.org), Teacher of Geography", await seenByPrincipal.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Someone_elses_receipt_looks_exactly_like_one_that_does_not_exist()
    {
        var teacher = await app.SignedInAsync(DemoAccounts.Teacher);
        var support = await app.SignedInAsync(DemoAccounts.Support);
        var teachersReceipt = (await SigningForm.SignAsync(teacher, "Sam Taylor")).Headers.Location!.OriginalString;

        var others = await support.GetAsync(teachersReceipt);
        var missing = await support.GetAsync("/acknowledgements/999999");

        Assert.Equal(HttpStatusCode.NotFound, others.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains("Page not found", await others.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain("Sam Taylor", await others.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
