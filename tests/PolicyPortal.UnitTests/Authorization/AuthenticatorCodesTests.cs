using System.Text;
using PolicyPortal.Web.Authorization;

namespace PolicyPortal.UnitTests.Authorization;

public sealed class AuthenticatorCodesTests
{
    // RFC 6238, appendix B: the SHA-1 secret "12345678901234567890", whose 8-digit codes end in these six.
    [Theory]
    [InlineData(59, 287082)]
    [InlineData(1111111109, 081804)]
    [InlineData(1234567890, 005924)]
    [InlineData(2000000000, 279037)]
    public void Codes_are_the_standard_ones_an_authenticator_app_shows(long unixSeconds, int code) =>
        Assert.Equal(code, AuthenticatorCodes.CodeAt(Encoding.ASCII.GetBytes("12345678901234567890"), AuthenticatorCodes.StepAt(DateTimeOffset.FromUnixTimeSeconds(unixSeconds))));

    [Fact]
    public void The_key_is_read_as_base32_as_apps_read_it() =>
        Assert.Equal(Encoding.ASCII.GetBytes("12345678901234567890"), AuthenticatorCodes.Base32Decode("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"));

    [Theory]
    [InlineData("Principal", true)]
    [InlineData("", true)]
    [InlineData("Principal, Governor", true)]
    [InlineData("Principals", false)]
    public void Two_step_sign_in_is_required_only_of_roles_the_portal_has(string roles, bool valid) =>
        Assert.Equal(valid, new AuthOptions { RequireTwoStepFor = roles }.IsValid());
}
