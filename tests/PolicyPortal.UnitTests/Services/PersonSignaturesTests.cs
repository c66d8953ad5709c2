using PolicyPortal.Web.Services;

namespace PolicyPortal.UnitTests.Services;

public sealed class PersonSignaturesTests
{
    private static SignatureSummary Signed(int receipt, string version) =>
        new(receipt, version, int.Parse(version[..1]), new DateTime(2026, 9, receipt, 8, 0, 0, DateTimeKind.Utc));

    [Fact]
    public void Each_policy_answers_with_its_own_signatures_whatever_order_they_were_read_in()
    {
        var signatures = new PersonSignatures(
        [
            (30, Signed(1, "1.0")),
            (10, Signed(2, "1.0")),
            (20, Signed(3, "1.0")),
            (10, Signed(4, "2.0")),
            (30, Signed(5, "3.0")),
        ]);

        Assert.Equal([2, 4], Receipts(signatures, 10));
        Assert.Equal([3], Receipts(signatures, 20));
        Assert.Equal([1, 5], Receipts(signatures, 30));
    }

    [Theory]
    [InlineData(5)]
    [InlineData(15)]
    [InlineData(40)]
    public void A_policy_never_signed_has_no_signatures_before_between_or_after_the_others(int policyId)
    {
        var signatures = new PersonSignatures([(10, Signed(1, "1.0")), (20, Signed(2, "1.0")), (30, Signed(3, "1.0"))]);

        Assert.True(signatures.Of(policyId).IsEmpty);
    }

    [Fact]
    public void Someone_who_has_signed_nothing_has_no_signatures_of_any_policy() =>
        Assert.True(new PersonSignatures([]).Of(1).IsEmpty);

    private static int[] Receipts(PersonSignatures signatures, int policyId)
    {
        var receipts = new List<int>();
        foreach (var signature in signatures.Of(policyId))
        {
            receipts.Add(signature.AcknowledgementId);
        }

        return [.. receipts.Order()];
    }
}
