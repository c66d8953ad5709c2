using PolicyPortal.Web.Domain;

namespace PolicyPortal.UnitTests.Domain;

public sealed class SignatureNameTests
{
    [Theory]
    [InlineData("Sam Taylor")]
    [InlineData("sam taylor")]
    [InlineData("  SAM   TAYLOR  ")]
    [InlineData("Sam\tTaylor")]
    [InlineData("SamTaylor")]
    public void A_name_matches_ignoring_case_and_spacing(string typed) =>
        Assert.True(SignatureName.Matches(typed, "Sam Taylor"));

    [Fact]
    public void Composed_and_decomposed_accents_match() =>
        Assert.True(SignatureName.Matches("Zo\u00EB Br\u00F6nte", "Zoe\u0308 Bro\u0308nte"));

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    [InlineData("Sam")]
    [InlineData("Sam Taylor-Jones")]
    [InlineData("Jo Patel")]
    public void Anything_else_does_not_match(string? typed) =>
        Assert.False(SignatureName.Matches(typed, "Sam Taylor"));
}
