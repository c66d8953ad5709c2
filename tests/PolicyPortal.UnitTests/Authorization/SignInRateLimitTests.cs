using System.Net;
using PolicyPortal.Web.Authorization;

namespace PolicyPortal.UnitTests.Authorization;

public sealed class SignInRateLimitTests
{
    [Theory]
    [InlineData("2001:db8:1:2:aaaa::1", "2001:db8:1:2:bbbb:cccc:dddd:2")]
    [InlineData("203.0.113.7", "::ffff:203.0.113.7")]
    public void Addresses_of_one_client_share_one_count(string first, string second) =>
        Assert.Equal(SignInRateLimit.Client(IPAddress.Parse(first)), SignInRateLimit.Client(IPAddress.Parse(second)));

    [Theory]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:3::1")]
    [InlineData("203.0.113.7", "203.0.113.8")]
    public void Different_clients_have_their_own_counts(string first, string second) =>
        Assert.NotEqual(SignInRateLimit.Client(IPAddress.Parse(first)), SignInRateLimit.Client(IPAddress.Parse(second)));

    [Fact]
    public void An_ipv6_client_is_named_by_its_network()
    {
        Assert.Equal("2001:db8:1:2::/64", SignInRateLimit.Client(IPAddress.Parse("2001:db8:1:2:aaaa::1")));
        Assert.Equal("unknown", SignInRateLimit.Client(null));
    }
}
