using System.Collections.Concurrent;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.DependencyInjection;
using PolicyPortal.FunctionalTests.People;
using PolicyPortal.Testing;
using PolicyPortal.Web.Authorization;
using PolicyPortal.Web.Data.Seeding;
using PolicyPortal.Web.Infrastructure;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting.Display;
using static PolicyPortal.FunctionalTests.Account.AccountSteps;

namespace PolicyPortal.FunctionalTests.Account;

public sealed class AuditLogTests(AuditLogTests.AuditedPortal app) : IClassFixture<AuditLogTests.AuditedPortal>, IAsyncLifetime
{
    private const string WrongPassword = "not-the-password-1";

    public async Task InitializeAsync()
    {
        await app.ResetAsync();
        app.Log.Clear();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>The portal with the audit trail and the request log captured as they would be written.</summary>
    public sealed class AuditedPortal : PortalApplication
    {
        public AuditedPortal()
        {
            Settings = AuditedSettings();
            ConfigureTestServices = services => services.AddSingleton<ILogEventSink>(Log);
        }

        public CapturedLog Log { get; } = new();
    }

    [Fact]
    public async Task A_password_typed_into_the_email_box_is_not_written_to_the_log()
    {

        await SignInAsync(app.Anonymous(), "Tr0ub4dor@horse-battery", WrongPassword);

        var failure = Assert.Single(app.Log.Events("SignInFailed"));
        Assert.Equal("(not an email address)", Text(failure, "Email"));
        app.Log.AssertNeverContains("Tr0ub4dor");
    }

    [Fact]
    public async Task Sign_in_success_failure_and_sign_out_are_audited_with_the_real_reason_and_no_password()
    {
        var client = app.Anonymous();

        var unknown = await SignInAsync(client, "nobody@example.org", WrongPassword);
        var wrong = await SignInAsync(client, DemoAccounts.Teacher.Email, WrongPassword);
        await SignInAsync(client, DemoAccounts.Teacher.Email, DemoAccounts.Password);
        await client.PostFormAsync("/", "/account/sign-out", []);

        // The visitor cannot tell an unknown address from a wrong password; the log can.
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Contains("The email address or password is not right.", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("The email address or password is not right.", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var teacherId = await PeopleSteps.IdOfAsync(app, DemoAccounts.Teacher.Email);
        var failures = app.Log.Events("SignInFailed");
        Assert.Equal(["NoSuchAccount", "WrongPassword"], failures.Select(e => Text(e, "Reason")));
        Assert.Equal(["nobody@example.org", DemoAccounts.Teacher.Email], failures.Select(e => Text(e, "Email")));
        Assert.Equal(teacherId, Text(Assert.Single(app.Log.Events("SignedIn")), "UserId"));
        Assert.Equal(teacherId, Text(Assert.Single(app.Log.Events("SignedOut")), "UserId"));
        app.Log.AssertNeverContains(WrongPassword, DemoAccounts.Password);
    }

    [Fact]
    public async Task A_lockout_is_audited()
    {
        var client = app.Anonymous();
        for (var attempt = 0; attempt < 6; attempt++)
        {
            await SignInAsync(client, DemoAccounts.Support.Email, WrongPassword + attempt);
        }

        Assert.Equal(4, app.Log.Events("SignInFailed").Count);
        var lockouts = app.Log.Events("LockedOut");
        Assert.Equal(2, lockouts.Count);
        Assert.All(lockouts, e => Assert.Equal(LogEventLevel.Warning, e.Level));
        Assert.Equal(DemoAccounts.Support.Email, Text(lockouts[0], "Email"));
    }

    [Fact]
    public async Task Setting_a_password_is_audited_without_the_password_or_the_link()
    {
        var principal = await app.SignedInAsync(DemoAccounts.Principal);
        await PeopleSteps.AddAsync(principal, "Lee Chen", "lee.chen@example.org", "", Roles.Staff);
        var link = await PeopleSteps.InvitationLinkAsync(app, "lee.chen@example.org");

        await PeopleSteps.SetPasswordAsync(app.Anonymous(), link, "a long enough new password");
        var output = new StringWriter();
        await AdminCommands.RunAsync(app.Services, ["create-principal", "--email", "head@school.example", "--name", "Pat Smith"], new StringReader("another long passphrase\n"), output);

        var set = app.Log.Events("PasswordSet");
        Assert.Equal(["Invitation", "CreatePrincipal"], set.Select(e => Text(e, "How")));
        Assert.Equal(await PeopleSteps.IdOfAsync(app, "lee.chen@example.org"), Text(set[0], "UserId"));
        var token = Uri.UnescapeDataString(link[(link.IndexOf("token=", StringComparison.Ordinal) + "token=".Length)..]);
        app.Log.AssertNeverContains("a long enough new password", "another long passphrase", token);
    }

    [Fact]
    public async Task A_refused_page_is_audited_once_with_who_and_where()
    {
        var teacher = await app.SignedInAsync(DemoAccounts.Teacher);

        var refused = await teacher.GetAsync("/people");
        await app.Anonymous().GetAsync("/people");

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        var denied = Assert.Single(app.Log.Events("AccessDenied"));
        Assert.Equal(await PeopleSteps.IdOfAsync(app, DemoAccounts.Teacher.Email), Text(denied, "UserId"));
        Assert.Equal("/people", Text(denied, "Path"));
        Assert.Equal("GET", Text(denied, "Method"));
    }

    [Fact]
    public async Task Too_many_attempts_are_audited()
    {
        var oneAttempt = new CapturedLog();
        using var limited = new PortalApplication
        {
            Settings = AuditedSettings(new() { ["Auth:SignInAttemptsPerMinute"] = "1" }),
            ConfigureTestServices = services => services.AddSingleton<ILogEventSink>(oneAttempt),
        };
        var client = limited.Anonymous();

        await SignInAsync(client, DemoAccounts.Teacher.Email, WrongPassword);
        await SignInAsync(client, DemoAccounts.Teacher.Email, WrongPassword);

        Assert.Equal("/account/sign-in", Text(Assert.Single(oneAttempt.Events("RateLimited")), "Path"));
    }

    [Fact]
    public async Task A_line_break_typed_into_the_form_or_the_address_cannot_forge_a_log_line()
    {
        const string Forged = "[09:30:00 INF] SignedIn: principal@example.org signed in";
        var teacher = await app.SignedInAsync(DemoAccounts.Teacher);

        await SignInAsync(app.Anonymous(), "x@example.org\r\n" + Forged, WrongPassword);
        await SignInAsync(app.Anonymous(), "x@example.org\u2028" + Forged, WrongPassword);
        await teacher.GetAsync("/people/%0D%0A" + Uri.EscapeDataString(Forged));

        var audited = app.Log.Events("SignInFailed").Concat(app.Log.Events("AccessDenied")).ToList();
        Assert.NotEmpty(audited);
        foreach (var line in audited.Select(CapturedLog.Render))
        {
            Assert.DoesNotContain('\r', line.TrimEnd('\n'));
            Assert.DoesNotContain('\n', line.TrimEnd('\n'));
            Assert.DoesNotContain('\u2028', line);
        }

        Assert.Contains(audited, e => Text(e, "Path").StartsWith("/people/\\r\\n[09:30:00 INF]", StringComparison.Ordinal));
        var requestLine = CapturedLog.Render(app.Log.Requests().Single(e => Text(e, "SafeRequestPath").StartsWith("/people/", StringComparison.Ordinal)));
        Assert.Contains("/people/\\r\\n[09:30:00 INF]", requestLine, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', requestLine.TrimEnd('\n'));
    }

    [Fact]
    public async Task A_server_error_page_gives_a_reference_that_finds_the_error_in_the_log()
    {
        var errors = new CapturedLog();
        using var failing = new PortalApplication
        {
            ConfigureTestServices = services =>
            {
                services.AddSingleton<ILogEventSink>(errors);
                services.Configure<MvcOptions>(mvc => mvc.Filters.Add(new FailingPage("/account")));
            },
        };
        var teacher = await failing.SignedInAsync(DemoAccounts.Teacher);

        var response = await teacher.GetAsync("/account");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        var reference = Regex.Match(page, "Error code 500, reference (\\S+)</p>").Groups[1].Value;
        Assert.NotEmpty(reference);
        var logged = errors.Requests().Where(e => Text(e, "RequestReference") == reference).Single(e => e.Exception is not null);
        Assert.Equal("/account", Text(logged, "SafeRequestPath"));
        Assert.Equal(LogEventLevel.Error, logged.Level);
        Assert.Equal(FailingPage.Message, logged.Exception?.Message);
        Assert.DoesNotContain(FailingPage.Message, page, StringComparison.Ordinal);
    }

    /// <summary>Fails every request for one page, the way a bug would.</summary>
    private sealed class FailingPage(string path) : IActionFilter
    {
        public const string Message = "A bug for the test to find.";

        public void OnActionExecuting(ActionExecutingContext context)
        {
            if (context.HttpContext.Request.Path == path)
            {
                throw new InvalidOperationException(Message);
            }
        }

        public void OnActionExecuted(ActionExecutedContext context)
        {
        }
    }

    [Fact]
    public void Untrusted_text_is_escaped_and_cut_short()
    {
        Assert.Equal("a\\r\\nb\\tc\\u0000\\u2028", AuthenticationAudit.Untrusted("a\r\nb\tc\0\u2028"));
        Assert.Equal(257, AuthenticationAudit.Untrusted(new string('x', 1000)).Length);
        Assert.Equal(string.Empty, AuthenticationAudit.Untrusted(null));
    }

    private static Dictionary<string, string> AuditedSettings(Dictionary<string, string>? settings = null) =>
        new(settings ?? [])
        {
            ["Serilog:MinimumLevel:Override:" + AuthenticationAudit.Category] = "Information",
            ["Serilog:MinimumLevel:Override:Serilog.AspNetCore"] = "Information",
        };

    private static string Text(LogEvent logEvent, string property) =>
        logEvent.Properties.TryGetValue(property, out var value) && value is ScalarValue { Value: var scalar } ? scalar?.ToString() ?? string.Empty : string.Empty;

    /// <summary>A Serilog sink, picked up by the app's ReadFrom.Services, that keeps every event.</summary>
    public sealed class CapturedLog : ILogEventSink
    {
        private static readonly MessageTemplateTextFormatter ConsoleFormat = new("[{Timestamp:HH:mm:ss} {Level:u3}] {Message:lj}{NewLine}{Exception}");

        private readonly ConcurrentQueue<LogEvent> _events = new();

        public void Emit(LogEvent logEvent) => _events.Enqueue(logEvent);

        public void Clear() => _events.Clear();

        public List<LogEvent> Events(string audit) => [.. _events.Where(e => Text(e, "Audit") == audit)];

        /// <summary>The request log's lines: one per request, from Serilog's request logging.</summary>
        public List<LogEvent> Requests() => [.. _events.Where(e => e.Properties.ContainsKey("RequestReference"))];

        /// <summary>The event as the console and file sinks write it.</summary>
        public static string Render(LogEvent logEvent)
        {
            var output = new StringWriter { NewLine = "\n" };
            ConsoleFormat.Format(logEvent, output);
            return output.ToString().Replace(Environment.NewLine, "\n", StringComparison.Ordinal);
        }

        public void AssertNeverContains(params string[] secrets)
        {
            foreach (var logEvent in _events)
            {
                var everything = Render(logEvent) + string.Join(" ", logEvent.Properties.Values.Select(v => v.ToString()));
                foreach (var secret in secrets)
                {
                    Assert.DoesNotContain(secret, everything, StringComparison.OrdinalIgnoreCase);
                }
            }
        }
    }
}
