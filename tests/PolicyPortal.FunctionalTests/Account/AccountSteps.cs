using PolicyPortal.Testing;

namespace PolicyPortal.FunctionalTests.Account;

/// <summary>The sign-in form, sent the way a browser would send it.</summary>
internal static class AccountSteps
{
    public static Task<HttpResponseMessage> SignInAsync(HttpClient client, string email, string password) =>
        client.PostFormAsync("/account/sign-in", "/account/sign-in", new() { ["Email"] = email, ["Password"] = password });
}
