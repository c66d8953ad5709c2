using Microsoft.Extensions.Configuration;
using PolicyPortal.Web.Infrastructure;

namespace PolicyPortal.UnitTests.Infrastructure;

/// <summary>When startup warns that nothing would serve the portal over HTTPS.</summary>
public sealed class HttpsOnlyTests
{
    [Theory]
    [InlineData("http://127.0.0.1:5080", null, null, true)]
    [InlineData("http://127.0.0.1:5080;https://0.0.0.0:443", null, null, false)]
    [InlineData("http://127.0.0.1:5080", "true", null, false)]
    [InlineData("http://127.0.0.1:5080", "false", null, true)]
    [InlineData("http://127.0.0.1:5080", null, "iis-pairing-token", false)]
    [InlineData("", null, null, false)]
    public void Startup_warns_when_the_server_listens_on_plain_HTTP_only_and_believes_no_proxy(string addresses, string? forwardedHeaders, string? iisToken, bool warns)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["FORWARDEDHEADERS_ENABLED"] = forwardedHeaders, ["TOKEN"] = iisToken })
            .Build();

        Assert.Equal(warns, HttpsOnly.ServesNoHttps(addresses.Split(';', StringSplitOptions.RemoveEmptyEntries), configuration));
    }
}
