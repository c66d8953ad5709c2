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
    [InlineData("Siobhan O'Brien")]
    [InlineData("Siobh\u00E1n O\u2019Brien")]
    [InlineData("siobhan o\u2018brien")]
    [InlineData("Siobhan O\u02BCBrien")]
    [InlineData("Siobhan O`Brien")]
    [InlineData("Siobhan O\u00B4Brien")]
    public void Apostrophe_variants_and_accents_match(string typed) =>
        Assert.True(SignatureName.Matches(typed, "Siobh\u00E1n O\u2019Brien"));

    [Theory]
    [InlineData("Zoe Smith-Jones", "Zo\u00EB Smith-Jones")]
    [InlineData("Zoe Smith\u2013Jones", "Zoe Smith-Jones")]
    [InlineData("Zoe Smith\u2014Jones", "Zoe Smith\u2010Jones")]
    [InlineData("Zoe Smith\u2212Jones", "Zoe Smith-Jones")]
    [InlineData("Lukasz Wozniak", "\u0141ukasz Wo\u017Aniak")]
    [InlineData("Soren Oster", "S\u00F8ren \u00D8ster")]
    [InlineData("Gross", "Gro\u00DF")]
    [InlineData("Jo \"JJ\" Patel", "Jo \u201CJJ\u201D Patel")]
    [InlineData("\uFF2A\uFF4F Patel", "Jo Patel")]
    public void Dash_quote_and_letter_variants_match(string typed, string fullName) =>
        Assert.True(SignatureName.Matches(typed, fullName));

    [Theory]
    [InlineData("Siobhan OBrien")]
    [InlineData("Siobhan O Brien")]
    [InlineData("Siobhan O-Brien")]
    [InlineData("Siobhan O'Brian")]
    public void A_missing_or_different_mark_still_does_not_match(string typed) =>
        Assert.False(SignatureName.Matches(typed, "Siobh\u00E1n O\u2019Brien"));

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
