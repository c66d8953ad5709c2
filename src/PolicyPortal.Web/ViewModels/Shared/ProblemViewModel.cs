namespace PolicyPortal.Web.ViewModels.Shared;

/// <summary>An error page: the status code and what the person can do about it.</summary>
public sealed record ProblemViewModel(int StatusCode, string Title, string Explanation)
{
    /// <summary>A body larger than the server takes for that address: a policy's text or an import file, most likely.</summary>
    public static ProblemViewModel TooLarge { get; } = ForStatus(StatusCodes.Status413PayloadTooLarge);

    /// <summary>
    /// A form the server cannot read: cut short, in a character set it does not read, or with more fields, or longer
    /// names or values, than any of the portal's forms sends.
    /// </summary>
    public static ProblemViewModel UnreadableForm { get; } = new(
        StatusCodes.Status400BadRequest,
        "We could not read that form",
        "It arrived incomplete or in a way the portal cannot read, or had more fields, or longer ones, than the portal's forms send, so nothing was saved. Go back, reload the page and try again.");

    /// <summary>No space left to write in: a full disk, or a full SQL Server file or log (<c>Data/DatabaseUnavailable.cs</c>).</summary>
    public static ProblemViewModel DatabaseFull { get; } = new(
        StatusCodes.Status503ServiceUnavailable,
        "The portal cannot save right now",
        "The portal cannot save right now, so nothing was recorded. Please tell the school office, and try again later.");

    /// <summary>The database file was deleted, moved or replaced under the running portal (<c>Infrastructure/SqliteDatabaseFile.cs</c>).</summary>
    public static ProblemViewModel DatabaseLost { get; } = new(
        StatusCodes.Status503ServiceUnavailable,
        "The portal cannot reach its records",
        "The portal cannot reach its records right now, so nothing was recorded. Please tell the school office.");

    /// <summary>A request over plain HTTP outside Development (<c>Infrastructure/HttpsOnly.cs</c>).</summary>
    public static ProblemViewModel HttpsRequired { get; } = new(
        StatusCodes.Status400BadRequest,
        "Use the portal's https:// address",
        "The portal only works over a secure connection, and this request did not come over one, so nothing was done. "
        + "Use the portal's address that starts with https://. If it already does, please tell the school's IT support: the server "
        + "in front of the portal must tell it that the connection is secure (the X-Forwarded-Proto header, believed when "
        + "ASPNETCORE_FORWARDEDHEADERS_ENABLED is true), as the portal's deployment guide describes.");

    /// <summary>The page for a bare status code, as <c>/error/{code}</c> shows it.</summary>
    public static ProblemViewModel ForStatus(int code)
    {
        var (title, explanation) = code switch
        {
            400 => ("We could not accept that", "Something in the request was not right. If you were sending a form, it may have expired: go back, reload the page and try again."),
            403 => ("You do not have access to this page", "Your account does not give access to this page. If you think it should, ask the Principal."),
            404 => ("Page not found", "There is no page at this address, or it is not yours to see. Check the address, or go back to My policies."),
            405 => ("That cannot be done here", "This address does not accept that kind of request. Go back and use the page's own buttons."),
            413 => ("What you sent is too large", "It is larger than the portal accepts here, so nothing was saved. Go back and send less: a shorter text, or a smaller file."),
            429 => ("Too many attempts", "There have been too many attempts from your connection in the last minute. Wait a minute, then try again."),
            503 => ("The portal is busy", "The portal could not finish your request just now, and nothing you sent was saved. Please try again in a few seconds."),
            >= 500 => ("Sorry, something went wrong", "The portal could not finish your request and nothing was changed. Please try again in a minute."),
            _ => ("We could not accept that", "The request could not be completed. Go back and try again."),
        };
        return new ProblemViewModel(code, title, explanation);
    }
}
