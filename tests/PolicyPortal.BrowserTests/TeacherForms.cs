using PolicyPortal.Testing;

namespace PolicyPortal.BrowserTests;

/// <summary>Forms the teacher sends before a journey starts, so that the pages it visits have something to show.</summary>
public static class TeacherForms
{
    /// <summary>A request for an academy-endorsed account, answered with a redirect to the new request's page.</summary>
    public static Task<HttpResponseMessage> RequestPresenceAsync(HttpClient teacher) =>
        teacher.PostFormAsync("/presences/new", "/presences/new", new()
        {
            ["Platform"] = "XTwitter",
            ["Handle"] = "@KE7Geography",
            ["Address"] = "https://x.com/KE7Geography",
            ["Kind"] = "AcademyEndorsed",
            ["Purpose"] = "Sharing revision resources with Year 11.",
            ["Audience"] = "Students",
            ["KeptSeparateFromPersonal"] = "true",
            ["StudentsNotFollowedBack"] = "true",
        });

    /// <summary>A concern about a colleague, answered with a redirect to the new concern's page.</summary>
    public static Task<HttpResponseMessage> ReportConcernAsync(HttpClient teacher) =>
        teacher.PostFormAsync("/concerns/new", "/concerns/new", new()
        {
            ["WhatWasSeen"] = "A public post with a photo of Year 9 students on the geography trip.",
            ["Address"] = "https://x.com/someone/status/1860000000",
            ["SeenOn"] = "2026-11-20",
            ["Concerning"] = "Casey Jones",
            ["PolicySection"] = "employee-responsibility",
        });
}
