using Microsoft.Extensions.Configuration;
using PolicyPortal.Web.Data;

namespace PolicyPortal.UnitTests.Data;

public sealed class DatabaseBusyTests
{
    [Theory]
    [InlineData("0")]
    [InlineData("301")]
    public void A_busy_timeout_outside_1_to_300_seconds_stops_startup_with_a_clear_reason(string seconds)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Database:BusyTimeoutSeconds"] = seconds }).Build();

        var error = Assert.Throws<InvalidOperationException>(() => DatabaseSetup.BusyTimeoutSeconds(configuration));

        Assert.Equal("Database:BusyTimeoutSeconds must be between 1 and 300.", error.Message);
        Assert.Equal(DatabaseSetup.DefaultBusyTimeoutSeconds, DatabaseSetup.BusyTimeoutSeconds(new ConfigurationBuilder().Build()));
    }
}
