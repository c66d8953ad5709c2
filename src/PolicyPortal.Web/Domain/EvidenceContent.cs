using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace PolicyPortal.Web.Domain;

/// <summary>
/// The canonical content of each kind of evidence: who, what, which text, when, as one line of JSON whose members are
/// always in the same order and whose strings escape only what JSON requires, so that anyone can hash it again, with any
/// tool, and get the same SHA-256 (docs/evidence.md). Never change the form of a kind already chained: every stored
/// hash depends on it.
/// </summary>
public static class EvidenceContent
{
    /// <summary>Whether <paramref name="entry"/> is a signature or an audit event, which the chain holds.</summary>
    public static bool IsEvidence(object entry) =>
        entry is Acknowledgement or PolicyEvent or PresenceEvent or ConcernEvent or AccountEvent or Reminder;

    /// <summary>The kind, id, time and canonical content of <paramref name="entry"/>, or null if it is not evidence.</summary>
    public static EvidenceEntry? Of(object entry) => entry switch
    {
        Acknowledgement a => new(EvidenceKind.Signature, a.Id, a.SignedAtUtc, new Writer(EvidenceKind.Signature, a.Id)
            .Add("person", a.UserId).Add("revision", a.RevisionId).Add("textSha256", a.TextSha256)
            .Add("signatureName", a.SignatureName).Add("at", a.SignedAtUtc).ToString()),
        PolicyEvent e => new(EvidenceKind.PolicyEvent, e.Id, e.AtUtc, Event(new Writer(EvidenceKind.PolicyEvent, e.Id)
            .Add("policy", e.PolicyId).Add("revision", e.RevisionId), e)),
        PresenceEvent e => new(EvidenceKind.PresenceEvent, e.Id, e.AtUtc, Event(new Writer(EvidenceKind.PresenceEvent, e.Id).Add("request", e.RequestId), e)),
        ConcernEvent e => new(EvidenceKind.ConcernEvent, e.Id, e.AtUtc, Event(new Writer(EvidenceKind.ConcernEvent, e.Id).Add("concern", e.ConcernId), e)),
        AccountEvent e => new(EvidenceKind.AccountEvent, e.Id, e.AtUtc, Event(new Writer(EvidenceKind.AccountEvent, e.Id)
            .Add("subject", e.SubjectUserId).Add("subjectName", e.SubjectName), e)),
        Reminder r => new(EvidenceKind.Reminder, r.Id, r.SentAtUtc, new Writer(EvidenceKind.Reminder, r.Id)
            .Add("person", r.UserId).Add("revision", r.RevisionId).Add("schoolDay", r.SchoolDay.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))
            .Add("reminder", r.Kind.ToString()).Add("sentBy", r.SentByUserId).Add("sentByName", r.SentByName).Add("at", r.SentAtUtc).ToString()),
        _ => null,
    };

    /// <summary>The links of <paramref name="entries"/>, in their order, the first following <paramref name="head"/> (null before the first).</summary>
    public static IEnumerable<ChainLink> Links(IEnumerable<EvidenceEntry> entries, ChainLink? head)
    {
        foreach (var entry in entries)
        {
            head = new((head?.Sequence ?? 0) + 1, entry.Kind, entry.Id, Sha256(entry.Content), head?.ChainSha256 ?? ChainLink.Genesis, entry.AtUtc);
            yield return head;
        }
    }

    /// <summary>The lower-case hex SHA-256 of <paramref name="text"/> in UTF-8.</summary>
    public static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    /// <summary>An entry's chain hash: the SHA-256 of the previous entry's chain hash followed by its content hash, as hex text.</summary>
    public static string ChainHash(string previousChainSha256, string contentSha256) => Sha256(previousChainSha256 + contentSha256);

    private static string Event<TKind>(Writer writer, AuditEvent<TKind> e)
        where TKind : struct, Enum =>
        writer.Add("event", e.Kind.ToString()).Add("actor", e.ActorUserId).Add("actorName", e.ActorName).Add("detail", e.Detail).Add("at", e.AtUtc).ToString();

    private sealed class Writer
    {
        private readonly StringBuilder _json = new("{");

        public Writer(EvidenceKind kind, long id) => Add("kind", kind.ToString()).Add("id", id);

        public Writer Add(string name, string? value)
        {
            Name(name);
            if (value is null)
            {
                _json.Append("null");
                return this;
            }

            _json.Append('"');
            foreach (var c in value)
            {
                _ = c switch
                {
                    '"' => _json.Append("\\\""),
                    '\\' => _json.Append("\\\\"),
                    '\n' => _json.Append("\\n"),
                    '\r' => _json.Append("\\r"),
                    '\t' => _json.Append("\\t"),
                    < ' ' => _json.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"),
                    _ => _json.Append(c),
                };
            }

            _json.Append('"');
            return this;
        }

        public Writer Add(string name, long? value)
        {
            Name(name);
            _json.Append(value is { } number ? number.ToString(CultureInfo.InvariantCulture) : "null");
            return this;
        }

        // Stored times are UTC; SQLite gives them back without a kind, so the kind is not consulted.
        public Writer Add(string name, DateTime value) => Add(name, value.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture));

        public override string ToString() => _json.Append('}').ToString();

        private void Name(string name) => _json.Append(_json.Length > 1 ? ",\"" : "\"").Append(name).Append("\":");
    }
}

/// <summary>A signature or audit event as the chain sees it: which one, when it happened, and its canonical content.</summary>
public sealed record EvidenceEntry(EvidenceKind Kind, long Id, DateTime AtUtc, string Content);
