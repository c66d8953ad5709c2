using Microsoft.AspNetCore.Mvc;

namespace PolicyPortal.Web.Infrastructure;

/// <summary>Controllers and views, with what every request needs: form tokens checked, URLs in lower case, size limits.</summary>
public static class MvcSetup
{
    public static WebApplicationBuilder AddPortalMvc(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddRouting(options => options.LowercaseUrls = true);
        services.AddControllersWithViews(options => options.Filters.Add(new AutoValidateAntiforgeryTokenAttribute()));
        builder.AddRequestLimits();

        // No "Server: Kestrel" header: nothing to tell a visitor what the portal runs on.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);

        // The portal's own host and any below it: a school gives the portal a host of its own (policies.school.org.uk).
        services.AddHsts(options =>
        {
            options.MaxAge = TimeSpan.FromDays(365);
            options.IncludeSubDomains = true;
        });
        return builder;
    }

    /// <summary>Friendly pages for errors and refused requests, and a year of HTTPS-only outside Development.</summary>
    public static WebApplication UsePortalErrorPages(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error");

            // Sent on HTTPS responses to hosts other than localhost.
            app.UseHsts();
        }

        app.UseStatusCodePagesWithReExecute("/error/{0}");
        return app;
    }

    /// <summary>One language, so no provider need read the query string, a cookie or Accept-Language to choose it.</summary>
    public static WebApplication UsePortalLocalization(this WebApplication app)
    {
        var localization = new RequestLocalizationOptions().SetDefaultCulture("en-GB").AddSupportedCultures("en-GB").AddSupportedUICultures("en-GB");
        localization.RequestCultureProviders.Clear();
        app.UseRequestLocalization(localization);
        return app;
    }
}
