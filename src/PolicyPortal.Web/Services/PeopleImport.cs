using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using PolicyPortal.Web.Data;
using PolicyPortal.Web.Domain;

namespace PolicyPortal.Web.Services;

/// <summary>A previewed import and the file, sealed so that the apply step gets back exactly what was previewed.</summary>
public sealed record ImportPreview(ImportPlan Plan, string Upload);

public abstract record ImportOutcome
{
    /// <param name="Waiting">Changes asked for that wait for a governor's confirmation, rather than made.</param>
    public sealed record Applied(int Added, int Updated, int Left, int Waiting) : ImportOutcome;

    /// <summary>Nothing was saved: the file, the people in the portal or a rule got in the way. The preview is fresh.</summary>
    public sealed record NotApplied(ImportPreview Preview, string Reason, bool Conflict) : ImportOutcome;

    /// <summary>The sealed file was missing, tampered with or another Principal's.</summary>
    public sealed record Unreadable : ImportOutcome;

    /// <summary>Nothing was saved: other roles were chosen than the preview showed. This is the preview with them.</summary>
    public sealed record ChoicesChanged(ImportPreview Preview) : ImportOutcome;

    /// <summary>Nothing was saved: the import makes Principals, and that was not confirmed.</summary>
    public sealed record PrincipalsUnconfirmed(ImportPreview Preview) : ImportOutcome;
}

/// <summary>The roles chosen on the preview for one value of the file's role column (see <see cref="ImportPlanner.RoleChoices"/>).</summary>
public sealed record RoleChoice(string Value, string Choice);

/// <summary>
/// Imports people from a CSV file in two steps: a preview of every row, then the import of all valid rows in one
/// transaction, invitations included. The apply step reads the file again and checks nothing changed since the preview.
/// Rows that add a governor or a Principal, or change who is one or their name, and governors not in the file, are asked
/// of a governor (<see cref="AccountChange"/>) rather than made.
/// </summary>
public sealed class PeopleImport(
    PortalDbContext db,
    People people,
    UserManager<PortalUser> users,
    IUserStore<PortalUser> userStore,
    AccountChangeNotices notices,
    IDataProtectionProvider protection,
    TimeProvider clock,
    ILogger<PeopleImport> logger)
{
    /// <summary>The largest file an import takes: a trust's export of 25,000 staff with a dozen columns fits.</summary>
    public const int MaxFileMegabytes = 8;

    public const int MaxFileBytes = MaxFileMegabytes * 1024 * 1024;

    /// <summary>
    /// The longest the sealed file carried from the preview to the apply step may be: the file's text compressed to no
    /// more than the file itself, as any staff export is, with a little for the importer, the fingerprint and the roles
    /// chosen, and a third more for base64. A file whose sealed copy would be longer is refused at the preview.
    /// </summary>
    public const int MaxSealedUploadLength = (MaxFileBytes + (16 * 1024)) / 3 * 4;

    private const string TooMuchText = "The file is too large to import in one go. Check it is the right file, or split it into smaller files.";

    private const string NotCsv = "The file is not a CSV or text file. From a spreadsheet, choose Save As and then \"CSV UTF-8 (Comma delimited)\" or \"CSV (Comma delimited)\".";

    private readonly IDataProtector _protector = protection.CreateProtector("PolicyPortal.People.Import.v2");

    /// <param name="Columns">The columns the Principal chose, or null to find them by their headings.</param>
    private sealed record Sealed(string ImporterId, string Fingerprint, IReadOnlyList<RoleChoice> Choices, IReadOnlyDictionary<ImportColumn, int>? Columns)
    {
        /// <summary>The file's text, sealed after the rest as UTF-8 rather than as a JSON string, which would be escaped in one piece.</summary>
        [JsonIgnore]
        public string Csv { get; init; } = string.Empty;
    }

    /// <summary>The text of an uploaded file, or why it cannot be imported.</summary>
    public static async Task<(string? Text, string? Problem)> ReadFileAsync(Stream? file, long length, CancellationToken cancellationToken = default)
    {
        if (file is null || length == 0)
        {
            return (null, "Choose a CSV file to upload.");
        }

        if (length > MaxFileBytes)
        {
            return (null, $"The file is larger than {MaxFileMegabytes} MB. An export of staff is far smaller: check it is the right file.");
        }

        var bytes = new byte[length];
        await file.ReadExactlyAsync(bytes, cancellationToken);
        var text = TextFile.Decode(bytes);
        return text.Any(c => char.IsControl(c) && c is not ('\r' or '\n' or '\t')) ? (null, NotCsv) : (text, null);
    }

    /// <param name="choices">Roles chosen for values of the role column; the rest get <see cref="ImportPlanner.RolesOf"/>.</param>
    /// <param name="columns">The columns chosen, or null to find them by their headings.</param>
    public async Task<ImportPreview> PreviewAsync(
        string csv,
        Person importer,
        IReadOnlyList<RoleChoice>? choices = null,
        IReadOnlyDictionary<ImportColumn, int>? columns = null,
        CancellationToken cancellationToken = default) =>
        Preview(csv, importer, columns, await PlanAsync(csv, importer, choices, columns, cancellationToken));

    /// <summary>The preview of the sealed file again, with <paramref name="choices"/>; null if the file cannot be read back.</summary>
    public async Task<ImportPreview?> PreviewAgainAsync(string? upload, Person importer, IReadOnlyList<RoleChoice> choices, CancellationToken cancellationToken = default) =>
        Unseal(upload, importer) is { } file ? await PreviewAsync(file.Csv, importer, choices, file.Columns, cancellationToken) : null;

    /// <summary>The preview of the sealed file reading the <paramref name="columns"/> chosen; null if the file cannot be read back.</summary>
    public async Task<ImportPreview?> ReadColumnsAsync(string? upload, Person importer, IReadOnlyDictionary<ImportColumn, int> columns, CancellationToken cancellationToken = default) =>
        Unseal(upload, importer) is { } file ? await PreviewAsync(file.Csv, importer, choices: null, columns, cancellationToken) : null;

    /// <summary>
    /// Adds and changes everyone the preview showed, all in one transaction, or nobody. The roles chosen must be the ones
    /// previewed, and anyone the import makes a Principal must be confirmed.
    /// </summary>
    /// <param name="markMissingAsLeft">The file lists all the staff: those it does not (<see cref="ImportPlan.Missing"/>) have left.</param>
    public async Task<ImportOutcome> ApplyAsync(
        string? upload,
        Person importer,
        IReadOnlyList<RoleChoice> choices,
        bool principalsConfirmed,
        bool markMissingAsLeft,
        CancellationToken cancellationToken = default)
    {
        if (Unseal(upload, importer) is not { } file)
        {
            return new ImportOutcome.Unreadable();
        }

        // Planned again against the portal as it is now, and sealed again only to be shown again.
        var plan = await PlanAsync(file.Csv, importer, choices, file.Columns, cancellationToken);
        ImportPreview Again() => Preview(file.Csv, importer, file.Columns, plan);
        if ((plan.FileProblem ?? plan.ColumnsProblem) is { } problem)
        {
            return new ImportOutcome.NotApplied(Again(), problem, Conflict: false);
        }

        if (!ChoicesOf(plan).SequenceEqual(file.Choices))
        {
            return new ImportOutcome.ChoicesChanged(Again());
        }

        if (plan.Fingerprint != file.Fingerprint)
        {
            return new ImportOutcome.NotApplied(Again(), "Nothing was imported: people in the portal changed since the preview. Check the rows again below, then import.", Conflict: true);
        }

        if (plan.NewPrincipals.Count > 0 && !principalsConfirmed)
        {
            return new ImportOutcome.PrincipalsUnconfirmed(Again());
        }

        var saving = string.Empty;
        var waiting = new List<AccountChange>();
        var now = clock.GetUtcNow().UtcDateTime;
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            foreach (var row in plan.Rows.Where(r => r.Kind == ImportRowKind.Changed))
            {
                saving = $"line {row.Line}";
                var user = await users.FindByIdAsync(row.PersonId!) ?? throw new ConcurrencyConflictException("This person's account is gone.");
                if (row.WaitsForGovernor)
                {
                    var before = await people.StateAsync(user, cancellationToken);
                    var details = row.Details!;
                    var after = before with
                    {
                        FullName = details.FullName,
                        JobTitle = details.JobTitle,
                        Roles = details.Roles,
                        Groups = details.Groups is { } named ? GroupsAfter(before.Groups, named, plan.FileGroups) : before.Groups,
                    };
                    Ask(AccountChange.Edit(user.Id, before, after, importer, byImport: true, now), user);
                    await db.SaveChangesAsync(cancellationToken);
                }
                else
                {
                    await people.ChangeDetailsAsync(user, row.Details!, importer, plan.FileGroups, cancellationToken);
                }

                // Saved: the next save need not look through everyone changed before.
                db.ChangeTracker.Clear();
            }

            var left = 0;
            if (markMissingAsLeft)
            {
                foreach (var person in plan.Missing)
                {
                    saving = $"marking {person.FullName} as left";
                    var user = await users.FindByIdAsync(person.Id) ?? throw new ConcurrencyConflictException("This person's account is gone.");
                    if (AccountChange.IsGuarded(person.Roles))
                    {
                        Ask(AccountChange.MarkAsLeft(user.Id, await people.StateAsync(user, cancellationToken), importer, byImport: true, now), user);
                        await db.SaveChangesAsync(cancellationToken);
                    }
                    else
                    {
                        await people.MarkAsLeftAsync(user, importer, "by an import: the file did not list them");
                        left++;
                    }

                    db.ChangeTracker.Clear();
                }
            }

            // New people are saved a couple of hundred at a time rather than one by one (AccountSavesHeld); so are the
            // governors and Principals asked for.
            var roleIds = await RoleIds.ReadAsync(db, cancellationToken);
            using (new AccountSavesHeld(userStore))
            {
                foreach (var batch in plan.Rows.Where(r => r.Kind == ImportRowKind.New).Chunk(AccountSavesHeld.Batch))
                {
                    foreach (var row in batch)
                    {
                        saving = $"line {row.Line}";
                        if (row.WaitsForGovernor)
                        {
                            var details = row.Details!;
                            Ask(AccountChange.Add(new AccountState(details.FullName, row.Email, details.JobTitle, details.Roles, details.Groups ?? []), importer, byImport: true, now), subject: null);
                        }
                        else
                        {
                            await people.CreateAndInviteAsync(row.Email, row.Details!, importer, invitedByHand: false, roleIds, cancellationToken);
                        }
                    }

                    saving = batch.Length == 1 ? $"line {batch[0].Line}" : $"one of lines {batch[0].Line} to {batch[^1].Line}";
                    await db.SaveChangesAsync(cancellationToken);
                    db.ChangeTracker.Clear();
                }
            }

            // One email to each governor for all the import asks.
            saving = "the emails to the governors";
            await notices.AskedAsync(waiting, importer, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            var added = plan.Count(ImportRowKind.New) - plan.Rows.Count(r => r.Kind == ImportRowKind.New && r.WaitsForGovernor);
            var updated = plan.Count(ImportRowKind.Changed) - plan.Rows.Count(r => r.Kind == ImportRowKind.Changed && r.WaitsForGovernor);
            return new ImportOutcome.Applied(added, updated, left, waiting.Count);
        }
        catch (Exception error) when ((error is DomainRuleException or DbUpdateException) && !DatabaseUnavailable.Is(error))
        {
            db.ChangeTracker.Clear();
            var message = error is DbUpdateException ? "Someone else may have added or changed the same person at the same moment." : error.Message;
            if (error is DbUpdateException)
            {
                logger.LogInformation("A people import was not applied: {Saving} met a change saved by someone else at the same moment ({Reason})", saving, error.GetBaseException().Message);
            }

            return new ImportOutcome.NotApplied(
                await PreviewAsync(file.Csv, importer, choices, file.Columns, cancellationToken),
                $"Nothing was imported: {saving} could not be saved. {message}",
                Conflict: true);
        }

        void Ask(AccountChange change, PortalUser? subject)
        {
            people.AddWaiting(change, subject, importer);
            waiting.Add(change);
        }
    }

    /// <summary>
    /// A person's groups once a row's are applied: those the file names anywhere follow the row, and any other stays, as
    /// <see cref="Groups.SetAsync"/> does with the file's groups as its scope.
    /// </summary>
    private static List<string> GroupsAfter(IReadOnlyList<string> current, IReadOnlyList<string> named, IReadOnlySet<string> fileGroups)
    {
        var keys = named.Select(PeopleGroup.Normalize).ToHashSet(StringComparer.Ordinal);
        return [.. current
            .Where(g => !fileGroups.Contains(PeopleGroup.Normalize(g)) || keys.Contains(PeopleGroup.Normalize(g)))
            .Concat(named.Where(g => !current.Any(c => PeopleGroup.Normalize(c) == PeopleGroup.Normalize(g))))
            .Order(StringComparer.CurrentCultureIgnoreCase)];
    }

    private async Task<ImportPlan> PlanAsync(string csv, Person importer, IReadOnlyList<RoleChoice>? choices, IReadOnlyDictionary<ImportColumn, int>? columns, CancellationToken cancellationToken)
    {
        // A choice posted without its value, or for no choice the preview offers, is not a choice.
        var byValue = (choices ?? [])
            .Select(c => (c.Value, Roles: ImportPlanner.RolesOfChoice(c.Choice)))
            .Where(c => c.Value is not null && c.Roles is not null)
            .DistinctBy(c => c.Value, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(c => c.Value, c => c.Roles!, StringComparer.OrdinalIgnoreCase);
        var groups = await db.Groups.Select(g => g.NormalizedName).ToListAsync(cancellationToken);
        var waiting = await db.AccountChanges
            .Where(c => c.Status == AccountChangeStatus.Waiting)
            .Select(c => new { c.SubjectUserId, c.Email })
            .ToListAsync(cancellationToken);
        return ImportPlanner.Plan(
            csv,
            await people.ByEmailAsync(cancellationToken),
            importer.UserId,
            byValue,
            columns,
            groups.ToHashSet(StringComparer.Ordinal),
            new WaitingForGovernors(
                waiting.Select(c => c.SubjectUserId).OfType<string>().ToHashSet(StringComparer.Ordinal),
                waiting.Where(c => c.SubjectUserId is null).Select(c => People.NormalizedEmail(c.Email)).ToHashSet(StringComparer.Ordinal)));
    }

    // The plan, with the file sealed for the next step.
    private ImportPreview Preview(string csv, Person importer, IReadOnlyDictionary<ImportColumn, int>? columns, ImportPlan plan)
    {
        var upload = Seal(new Sealed(importer.UserId, plan.Fingerprint, ChoicesOf(plan), columns) { Csv = csv });
        return upload.Length <= MaxSealedUploadLength ? new ImportPreview(plan, upload) : new ImportPreview(new ImportPlan([], TooMuchText), string.Empty);
    }

    private static List<RoleChoice> ChoicesOf(ImportPlan plan) => [.. plan.RoleValues.Select(v => new RoleChoice(v.Value, v.Choice))];

    // Compressed before it is sealed: a staff export repeats itself (roles, job titles, the school's email domain), so the
    // hidden field on the preview, and the form posted back, are a fraction of the file's size.
    private string Seal(Sealed file)
    {
        using var compressed = new MemoryStream();
        using (var writer = new BinaryWriter(new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true), Encoding.UTF8))
        {
            writer.Write(JsonSerializer.Serialize(file));
            writer.Write(file.Csv);
        }

        return WebEncoders.Base64UrlEncode(_protector.Protect(compressed.ToArray()));
    }

    private Sealed? Unseal(string? upload, Person importer)
    {
        if (string.IsNullOrEmpty(upload))
        {
            return null;
        }

        try
        {
            using var reader = new BinaryReader(new ZLibStream(new MemoryStream(_protector.Unprotect(WebEncoders.Base64UrlDecode(upload))), CompressionMode.Decompress), Encoding.UTF8);
            var file = JsonSerializer.Deserialize<Sealed>(reader.ReadString());
            return file?.ImporterId == importer.UserId && file.Choices is not null ? file with { Csv = reader.ReadString() } : null;
        }
        catch (Exception error) when (error is CryptographicException or FormatException or InvalidDataException or EndOfStreamException or JsonException)
        {
            return null;
        }
    }
}
