using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PolicyPortal.Web.Infrastructure;
using PolicyPortal.Web.Services.Email;

namespace PolicyPortal.UnitTests.Services;

public sealed class EmailSettingsTests
{
    [Theory]
    [InlineData("Email:KeepSentDays", "0", "Email:KeepSentDays must be 1 or more: how many days a sent email is kept.")]
    [InlineData("Email:SendTimeout", "00:10:00", "Email:SendTimeout must be more than 0 and less than 5 minutes, for example 00:01:00.")]
    [InlineData("Email:Transport", "Smtp", "Email:Transport is Smtp, so Email:SmtpHost must name the mail server.")]
    [InlineData("Email:Transport", "Graph", "Email:Transport=Graph or Email:SmtpAuth=OAuth2 needs Email:Microsoft365:TenantId, Email:Microsoft365:ClientId and Email:Microsoft365:ClientSecret or Email:Microsoft365:CertificatePath (docs/deployment.md).")]
    [InlineData("Email:SmtpAuth", "OAuth2", "Email:Transport=Graph or Email:SmtpAuth=OAuth2 needs Email:Microsoft365:TenantId, Email:Microsoft365:ClientId and Email:Microsoft365:ClientSecret or Email:Microsoft365:CertificatePath (docs/deployment.md).")]
    public void A_setting_that_cannot_work_is_refused_at_startup_with_the_setting_named(string key, string value, string message)
    {
        var error = Assert.Throws<OptionsValidationException>(() => Settings(new() { [key] = value }));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Graph_is_refused_over_plain_http_except_to_this_machine()
    {
        var graph = new Dictionary<string, string?>
        {
            ["Email:Transport"] = "Graph",
            ["Email:Microsoft365:TenantId"] = "tenant",
            ["Email:Microsoft365:ClientId"] = "client",
            ["Email:Microsoft365:ClientSecret"] = "secret",
        };

        Assert.Equal(new Uri("https://graph.microsoft.com/"), Settings(graph).Microsoft365.GraphEndpoint);
        var error = Assert.Throws<OptionsValidationException>(() => Settings(new(graph) { ["Email:Microsoft365:Authority"] = "http://login.example.org" }));
        Assert.Contains("Email:Microsoft365:Authority and Email:Microsoft365:GraphEndpoint must be https addresses.", error.Message, StringComparison.Ordinal);
        Assert.Equal(EmailTransportKind.Graph, Settings(new(graph) { ["Email:Microsoft365:GraphEndpoint"] = "http://127.0.0.1:5000" }).TransportInUse);
    }

    [Fact]
    public void With_no_transport_named_a_mail_server_means_smtp_and_none_means_the_pickup_folder()
    {
        Assert.Equal(EmailTransportKind.Pickup, Settings([]).TransportInUse);
        Assert.Equal(EmailTransportKind.Smtp, Settings(new() { ["Email:SmtpHost"] = "mail.school.example" }).TransportInUse);
    }

    private static EmailOptions Settings(Dictionary<string, string?> settings)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddPortalEmail();
        using var services = builder.Services.BuildServiceProvider();
        return services.GetRequiredService<IOptions<EmailOptions>>().Value;
    }
}
