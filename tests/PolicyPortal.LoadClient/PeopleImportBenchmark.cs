using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using PolicyPortal.Testing;

namespace PolicyPortal.LoadClient;

/// <summary>
/// A trust's staff export imported through the running portal, as the Principal does it: signs the Principal in, writes
/// an export of <c>--rows</c> people as a school's information system does (staff code, split names, work email,
/// free-text staff role, job title and department, every field quoted), with everyone on the staff already in the portal
/// in it (one in ten with a new job title) and a few rows without an email address. After importing <c>--warm-up</c> other
/// people through the same pages (100 by default; 0 times the first import since the app started), it times the upload to
/// the preview page read in full, then the import to its redirect; checks that every new person was saved with their role
/// and invitation; and prints the figures, the last line for people-import.sh.
/// </summary>
internal static partial class PeopleImportBenchmark
{
    private static readonly string[] Forenames =
    [
        "Amira", "Ben", "Chloe", "Dev", "Ella", "Femi", "Grace", "Harry", "Isla", "Jack", "Kiran", "Lucy", "Mo", "Nia", "Owen", "Priya",
        "Rhys", "Sana", "Tom", "Uma", "Vik", "Wen", "Yusuf", "Zoë", "Siobhán", "Aoife", "Bartosz", "Chidi", "Dafydd", "Esra",
    ];

    private static readonly string[] Surnames =
    [
        "Ahmed", "Brown", "Clarke", "Davies", "Evans", "Green", "Hughes", "Khan", "Lewis", "Morgan", "Patel", "Roberts", "Smith",
        "Taylor", "Walker", "Wilson", "O’Brien", "Brontë", "Nowak", "Okafor", "Jones", "Williams", "Singh", "Murphy", "Ali",
        "Thomas", "Wright", "Kowalski", "Begum", "Hussain", "Edwards", "Hall", "Wood", "Turner", "Jackson", "Mensah", "Chen",
    ];

    // A staff role as an export writes it, how often it comes, and the job titles it goes with.
    private static readonly (string Role, int Weight, string[] JobTitles)[] Roles =
    [
        ("Teacher", 45, ["Teacher of Mathematics", "Teacher of English", "Teacher of Science", "Class Teacher", "Head of Year", "Teacher of PE", "SENCO"]),
        ("Teaching Assistant", 25, ["Teaching Assistant", "Higher Level Teaching Assistant", "SEN Teaching Assistant"]),
        ("Admin", 10, ["Office Manager", "Receptionist", "Finance Officer", "Data Manager", "Attendance Officer"]),
        ("Site Staff", 5, ["Caretaker", "Site Manager", "Cleaner"]),
        ("Support Staff", 5, ["Librarian", "IT Technician", "Exams Officer"]),
        ("Cover Supervisor", 4, ["Cover Supervisor"]),
        ("Technician", 3, ["Science Technician", "DT Technician"]),
        ("Lunchtime Supervisor", 3, ["Lunchtime Supervisor"]),
    ];

    private static readonly string[] Departments = ["Mathematics", "English", "Science", "Humanities", "SEND", "Early Years", "Office", "Site", "Pastoral"];

    private static readonly string[] Schools =
    [
        "oakfield", "riverside", "st-marys", "hillcrest", "meadowbank", "kingsway", "northgate", "brookside", "elmwood", "castleview",
        "westfield", "ashgrove", "parkside", "hollins", "fairfield", "lakeside", "moorland", "greenacre", "beechwood", "millbrook",
    ];

    private const int WithoutEmailEvery = 4000;

    public static async Task<int> RunAsync(Options options)
    {
        var rows = options.Number("rows", 20_000);
        var database = new TrustDatabase(options.Text("db"));
        var staff = await database.StaffAsync();
        var export = Export(staff, rows, emailDomain: "trust.example");

        using var portal = new Portal(options, connections: 2, timeout: TimeSpan.FromMinutes(10));
        var principal = await portal.SignInAsync((await database.PeopleAsync(0))[0]);
        await portal.PageAsync(principal, "/people/import");
        if (options.Number("warm-up", 100) is > 0 and var warmUp)
        {
            // Like the other benchmarks' warm-up: the figures are of a running portal, not of compiling its code.
            var (warmStatus, warmPage) = await portal.UploadPeopleAsync(principal, Export([], warmUp, emailDomain: "warm-up.example").Csv);
            Expect(warmStatus == HttpStatusCode.OK, $"The warm-up preview answered {(int)warmStatus}.");
            var (warmApplied, _) = await portal.PostFormAsync(principal, "/people/import/apply", ImportForm(warmPage));
            Expect(warmApplied == HttpStatusCode.Redirect, $"The warm-up import answered {(int)warmApplied}.");
        }

        var before = await database.CountsAsync();
        var previewTime = Stopwatch.StartNew();
        var (status, page) = await portal.UploadPeopleAsync(principal, export.Csv);
        previewTime.Stop();
        Expect(status == HttpStatusCode.OK, $"The preview answered {(int)status}: {Regex.Match(page, "<p>[^<]*</p>").Value}");
        foreach (var (count, words) in new[] { (export.New, "new"), (export.Changed, "changed"), (export.Errors, "with errors") })
        {
            var shown = string.Create(CultureInfo.InvariantCulture, $"<strong>{count:N0} {words}</strong>");
            Expect(page.Contains(shown, StringComparison.Ordinal), $"The preview does not show {shown}.");
        }

        var form = ImportForm(page);
        var formBytes = (await new FormUrlEncodedContent(form).ReadAsByteArrayAsync()).Length;
        var applyTime = Stopwatch.StartNew();
        var (applied, location) = await portal.PostFormAsync(principal, "/people/import/apply", form);
        applyTime.Stop();
        Expect(applied == HttpStatusCode.Redirect && location == "/people", $"The import answered {(int)applied} {location}.");

        var after = await database.CountsAsync();
        Expect(after.People - before.People == export.New, $"{after.People - before.People:N0} people were added, not {export.New:N0}.");
        Expect(after.RoleMemberships - before.RoleMemberships == export.New, $"{after.RoleMemberships - before.RoleMemberships:N0} roles were given, not {export.New:N0}.");
        Expect(after.Emails - before.Emails == export.New, $"{after.Emails - before.Emails:N0} invitations were written, not {export.New:N0}.");

        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{rows:N0} rows ({export.Csv.Length / 1024:N0} KB): {export.New:N0} new, {export.Changed:N0} changed, {staff.Count - export.Changed:N0} unchanged, {export.Errors:N0} without an email. " +
            $"Preview {previewTime.Elapsed.TotalSeconds:F2} s ({Encoding.UTF8.GetByteCount(page) / 1024:N0} KB page); import {applyTime.Elapsed.TotalSeconds:F2} s ({formBytes / 1024:N0} KB form); every new person saved with a role and an invitation."));
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"RESULT preview_ms={previewTime.ElapsedMilliseconds} apply_ms={applyTime.ElapsedMilliseconds} file_kb={export.Csv.Length / 1024} page_kb={Encoding.UTF8.GetByteCount(page) / 1024} form_kb={formBytes / 1024} new={export.New}"));
        return 0;
    }

    private sealed record StaffExport(byte[] Csv, int New, int Changed, int Errors);

    /// <summary>
    /// The staff in the portal first, as the portal holds them (every tenth with a new job title, and each with a department,
    /// a group they are not in yet), then new people up to
    /// <paramref name="rows"/>, every <see cref="WithoutEmailEvery"/>th without an email address.
    /// </summary>
    private static StaffExport Export(IReadOnlyList<StaffMember> existing, int rows, string emailDomain)
    {
        var random = new Random(20_000);
        var csv = new StringBuilder(rows * 130);
        Row(csv, "Staff Code", "Legal Surname", "Preferred Forename", "Work Email", "Staff Role", "Job Title", "Department");
        var changed = 0;
        for (var i = 0; i < existing.Count; i++)
        {
            var person = existing[i];
            var space = person.FullName.IndexOf(' ', StringComparison.Ordinal);
            var jobTitle = person.JobTitle;
            if (i % 10 == 0)
            {
                jobTitle = $"Head of Year {i % 6 + 7}";
            }

            // The trust's staff are in no group yet, so each joins their department's: every one of them is changed.
            changed++;

            Row(csv, $"E{i:D5}", person.FullName[(space + 1)..], person.FullName[..space], person.Email, RoleOf(person.JobTitle), jobTitle ?? string.Empty, Departments[i % Departments.Length]);
        }

        var errors = 0;
        var added = 0;
        for (var n = 1; existing.Count + added + errors < rows; n++)
        {
            var forename = Forenames[random.Next(Forenames.Length)];
            var surname = Surnames[random.Next(Surnames.Length)];
            var (role, _, jobTitles) = WeightedRole(random);
            var school = Schools[n % Schools.Length];
            var withoutEmail = n % WithoutEmailEvery == 0;
            var email = withoutEmail ? string.Empty : $"{Ascii(forename)[0]}.{Ascii(surname)}{n}@{school}.{emailDomain}";
            Row(csv, $"T{n:D5}", surname, forename, email, role, jobTitles[random.Next(jobTitles.Length)], Departments[random.Next(Departments.Length)]);
            if (withoutEmail)
            {
                errors++;
            }
            else
            {
                added++;
            }
        }

        return new StaffExport(Encoding.UTF8.GetBytes(csv.ToString()), added, changed, errors);
    }

    private static void Row(StringBuilder csv, params string[] fields) =>
        csv.AppendJoin(',', fields.Select(f => $"\"{f.Replace("\"", "\"\"", StringComparison.Ordinal)}\"")).Append("\r\n");

    // The staff role an export gives for the generated trust's job titles; each is Staff in the portal.
    private static string RoleOf(string? jobTitle) => jobTitle switch
    {
        "Teaching assistant" => "Teaching Assistant",
        "Administrator" => "Admin",
        "Site staff" => "Site Staff",
        "Support staff" => "Support Staff",
        "Headteacher" => "Senior Leadership",
        _ => "Teacher",
    };

    private static (string Role, int Weight, string[] JobTitles) WeightedRole(Random random)
    {
        var pick = random.Next(Roles.Sum(r => r.Weight));
        foreach (var role in Roles)
        {
            if (pick < role.Weight)
            {
                return role;
            }

            pick -= role.Weight;
        }

        return Roles[^1];
    }

    private static string Ascii(string name) =>
        new([.. name.Normalize(NormalizationForm.FormD).Where(char.IsAsciiLetter).Select(char.ToLowerInvariant)]);

    // The preview's form as a browser sends it: the sealed file, and the role chosen for each value of the role column.
    private static List<KeyValuePair<string, string>> ImportForm(string page)
    {
        List<KeyValuePair<string, string>> fields = [new("Upload", PortalClient.HiddenValue(page, "Upload"))];
        foreach (Match choice in RoleChoice().Matches(page))
        {
            var i = choice.Groups[1].Value;
            fields.Add(new($"Choices[{i}].Value", WebUtility.HtmlDecode(choice.Groups[2].Value)));
            fields.Add(new($"Choices[{i}].Choice", WebUtility.HtmlDecode(choice.Groups[3].Value)));
        }

        return fields;
    }

    private static void Expect(bool condition, string failure)
    {
        if (!condition)
        {
            throw new LoadClientException(failure);
        }
    }

    [GeneratedRegex(@"name=""Choices\[(\d+)\]\.Value"" value=""([^""]*)"">[\s\S]*?<option value=""([^""]*)"" selected=""selected"">")]
    private static partial Regex RoleChoice();
}
