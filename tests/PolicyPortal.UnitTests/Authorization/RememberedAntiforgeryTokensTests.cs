using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PolicyPortal.Web.Authorization;

namespace PolicyPortal.UnitTests.Authorization;

public sealed class RememberedAntiforgeryTokensTests
{
    private readonly CountingProvider _inner = new(new EphemeralDataProtectionProvider());

    [Fact]
    public void A_token_read_again_gives_the_same_bytes_in_a_copy_of_its_own_and_is_decrypted_once()
    {
        var protector = new RememberedAntiforgeryTokens(_inner).CreateProtector(RememberedAntiforgeryTokens.AntiforgeryPurpose);
        var token = protector.Protect([1, 2, 3]);

        var first = protector.Unprotect(token);
        first[0] = 99;
        var second = protector.Unprotect(token);

        Assert.Equal([1, 2, 3], second);
        Assert.Equal(1, _inner.Unprotected);
    }

    [Fact]
    public void A_token_changed_by_one_byte_is_refused_even_after_the_original_was_read()
    {
        var protector = new RememberedAntiforgeryTokens(_inner).CreateProtector(RememberedAntiforgeryTokens.AntiforgeryPurpose);
        var token = protector.Protect([1, 2, 3]);
        protector.Unprotect(token);

        var altered = (byte[])token.Clone();
        altered[^1] ^= 1;

        Assert.ThrowsAny<CryptographicException>(() => protector.Unprotect(altered));
        Assert.ThrowsAny<CryptographicException>(() => protector.Unprotect(altered));
    }

    [Fact]
    public void Other_purposes_are_decrypted_every_time()
    {
        var protector = new RememberedAntiforgeryTokens(_inner).CreateProtector("Identity tokens");
        var token = protector.Protect([1, 2, 3]);

        protector.Unprotect(token);
        protector.Unprotect(token);

        Assert.Equal(2, _inner.Unprotected);
    }

    [Fact]
    public void Antiforgery_decrypts_a_persons_cookie_once_over_many_pages_and_still_gives_each_page_a_token_of_its_own()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IDataProtectionProvider>(_inner);
        services.AddAntiforgery();
        RememberedAntiforgeryTokens.Wrap(services);
        using var provider = services.BuildServiceProvider();
        var antiforgery = provider.GetRequiredService<IAntiforgery>();

        // The first page sets the cookie; the next three each read it back.
        var cookie = antiforgery.GetAndStoreTokens(Page(provider, cookie: null)).CookieToken!;
        var formTokens = Enumerable.Range(0, 3).Select(_ => antiforgery.GetAndStoreTokens(Page(provider, cookie)).RequestToken).ToList();

        Assert.Equal(1, _inner.Unprotected);
        Assert.Equal(3, formTokens.Distinct().Count());
    }

    private static DefaultHttpContext Page(IServiceProvider services, string? cookie)
    {
        var context = new DefaultHttpContext { RequestServices = services };
        context.Request.Scheme = "https";
        context.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, "anna")], "Identity.Application"));
        if (cookie is not null)
        {
            var name = services.GetRequiredService<IOptions<AntiforgeryOptions>>().Value.Cookie.Name;
            context.Request.Headers.Cookie = $"{name}={cookie}";
        }

        return context;
    }

    // Counts what reaches the real data protection.
    private sealed class CountingProvider(IDataProtectionProvider inner) : IDataProtectionProvider
    {
        public int Unprotected;

        public IDataProtector CreateProtector(string purpose) => new Counting(inner.CreateProtector(purpose), this);

        private sealed class Counting(IDataProtector inner, CountingProvider counts) : IDataProtector
        {
            public IDataProtector CreateProtector(string purpose) => new Counting(inner.CreateProtector(purpose), counts);

            public byte[] Protect(byte[] plaintext) => inner.Protect(plaintext);

            public byte[] Unprotect(byte[] protectedData)
            {
                Interlocked.Increment(ref counts.Unprotected);
                return inner.Unprotect(protectedData);
            }
        }
    }
}
