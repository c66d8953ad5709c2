using System.Net;
using System.Net.Sockets;
using Microsoft.Data.SqlClient;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using PolicyPortal.Web.Data;
using PolicyPortal.Web.Infrastructure;

namespace PolicyPortal.UnitTests.Data;

/// <summary>
/// Which SQL Server failures give the visitor the "portal is busy" page (503) rather than a server error, tried without a
/// SQL Server: real SqlClient exceptions from loopback addresses that never answer or refuse. And the SQLite busy timeout.
/// </summary>
public sealed class DatabaseBusyTests
{
    [Fact]
    public async Task A_SQL_Server_that_does_not_answer_in_time_counts_as_busy_also_inside_an_EF_Core_error()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var accepted = silent.AcceptTcpClientAsync();

        var timeout = await OpenAsync(Port(silent));
        (await accepted).Dispose();

        Assert.Equal(-2, timeout.Number);
        Assert.True(DatabaseBusy.Is(timeout));
        Assert.True(DatabaseBusy.Is(new DbUpdateException("An error occurred while saving the entity changes.", timeout)));
    }

    [Fact]
    public async Task A_SQL_Server_that_refuses_the_connection_is_an_error_for_the_operator_not_a_busy_moment()
    {
        // A refused connection is as likely a wrong server name as a restart: it must reach the log as an error.
        using var closed = new TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        var port = Port(closed);
        closed.Stop();

        var refused = await OpenAsync(port);

        Assert.False(DatabaseBusy.Is(refused));
        Assert.False(DatabaseBusy.Is(new InvalidOperationException("Something else went wrong.")));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("301")]
    public void A_busy_timeout_outside_1_to_300_seconds_stops_startup_with_a_clear_reason(string seconds)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Database:BusyTimeoutSeconds"] = seconds }).Build();
        var options = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>()!;

        var result = new DataAnnotationValidateOptions<DatabaseOptions>(null).Validate(null, options);

        Assert.Contains("Database:BusyTimeoutSeconds must be between 1 and 300.", Assert.Single(result.Failures!), StringComparison.Ordinal);
        Assert.True(new DataAnnotationValidateOptions<DatabaseOptions>(null).Validate(null, new DatabaseOptions()).Succeeded);
    }

    private static int Port(TcpListener server) => ((IPEndPoint)server.LocalEndpoint).Port;

    private static async Task<SqlException> OpenAsync(int port)
    {
        await using var connection = new SqlConnection($"Server=tcp:127.0.0.1,{port};Connect Timeout=1;Encrypt=False;Pooling=False");
        return await Assert.ThrowsAsync<SqlException>(() => connection.OpenAsync());
    }
}
