using System.Globalization;

namespace PolicyPortal.LoadClient;

/// <summary>The kill test's record of what the portal answered, one signature a line, tab-separated.</summary>
internal static class SignatureFiles
{
    public static void SaveAnswered(string path, IEnumerable<AnsweredSignature> answered) =>
        File.WriteAllLines(path, answered.Select(a => string.Join('\t', a.UserId, a.RevisionId.ToString(CultureInfo.InvariantCulture), a.AcknowledgementId.ToString(CultureInfo.InvariantCulture))));

    public static List<AnsweredSignature> LoadAnswered(string path) =>
        File.ReadLines(path).Select(line => line.Split('\t'))
            .Select(f => new AnsweredSignature(f[0], int.Parse(f[1], CultureInfo.InvariantCulture), long.Parse(f[2], CultureInfo.InvariantCulture)))
            .ToList();

    public static void SaveInFlight(string path, IEnumerable<Unsigned> sent) =>
        File.WriteAllLines(path, sent.Select(u => string.Join('\t', u.Session.Person.UserId, u.Policy.RevisionId.ToString(CultureInfo.InvariantCulture))));

    public static List<(string UserId, int RevisionId)> LoadInFlight(string path) =>
        File.ReadLines(path).Select(line => line.Split('\t')).Select(f => (f[0], int.Parse(f[1], CultureInfo.InvariantCulture))).ToList();
}

/// <summary>What one kill and restart kept and lost.</summary>
internal sealed record VerificationCounts(
    int Answered,
    int AnsweredMissing,
    int SentNotAnswered,
    int WrittenBeforeKill,
    int ResentFailed,
    int InFlightStoredOnce,
    int Duplicated,
    string Integrity,
    int Stored)
{
    public bool AllKept =>
        AnsweredMissing == 0 && Duplicated == 0 && ResentFailed == 0 && InFlightStoredOnce == SentNotAnswered && Integrity == "ok";

    public string Sentence() =>
        $"{(AllKept ? "Nothing lost" : "LOST OR DAMAGED")}: {Answered:N0} receipts answered, {AnsweredMissing} of them missing; " +
        (SentNotAnswered == 0 ? string.Empty
            : $"{SentNotAnswered} sent but not answered ({WrittenBeforeKill} written before the kill), {ResentFailed} failed when sent again, {InFlightStoredOnce} of them stored once after; ") +
        $"{Duplicated} duplicated; integrity_check {Integrity}; {Stored:N0} signatures stored.";

    /// <summary>A row of the kill test's table in docs/performance.md, after the kill number.</summary>
    public string Row() =>
        $"| {Answered:N0} | {AnsweredMissing} | {SentNotAnswered} | {WrittenBeforeKill} | {InFlightStoredOnce} of {SentNotAnswered} | {Duplicated} | {Integrity} | {Stored:N0} |";
}
