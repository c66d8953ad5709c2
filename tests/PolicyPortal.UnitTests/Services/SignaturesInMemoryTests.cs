using PolicyPortal.Web.Services;

namespace PolicyPortal.UnitTests.Services;

public sealed class SignaturesInMemoryTests
{
    private static readonly PersonSignatures NoneSigned = new([]);

    private static readonly PersonSignatures OneSigned =
        new([(1, new SignatureSummary(7, "2.0", 2, new DateTime(2026, 9, 1, 8, 0, 0, DateTimeKind.Utc)))]);

    [Fact]
    public void What_a_read_found_is_answered_until_the_person_signs_here()
    {
        var held = new SignaturesInMemory();
        held.Keep("anna", OneSigned, SignaturesInMemory.ReadStarting());

        Assert.Same(OneSigned, held.Find("anna"));
        Assert.Null(held.Find("ben"));

        held.Forget("anna");

        Assert.Null(held.Find("anna"));
    }

    [Fact]
    public void A_read_that_began_before_a_signature_was_saved_is_not_kept()
    {
        // The read may have missed the signature: keeping it would show "to sign" for a policy just signed.
        var held = new SignaturesInMemory();
        var readStarted = SignaturesInMemory.ReadStarting();
        held.Forget("anna");

        held.Keep("anna", NoneSigned, readStarted);

        Assert.Null(held.Find("anna"));
    }

    [Fact]
    public void A_read_that_began_after_the_signature_was_saved_is_kept()
    {
        var held = new SignaturesInMemory();
        held.Forget("anna");

        held.Keep("anna", OneSigned, SignaturesInMemory.ReadStarting());

        Assert.Same(OneSigned, held.Find("anna"));
    }

    [Fact]
    public void An_older_read_does_not_replace_a_newer_one()
    {
        var held = new SignaturesInMemory();
        var older = SignaturesInMemory.ReadStarting();
        held.Keep("anna", OneSigned, SignaturesInMemory.ReadStarting());

        held.Keep("anna", NoneSigned, older);

        Assert.Same(OneSigned, held.Find("anna"));
    }
}
