using System.Diagnostics;
using System.Globalization;
using PolicyPortal.Testing;

// dotnet run --project tests/PolicyPortal.DataGenerator -- <database file> [people] [policies]
if (args.Length is < 1 or > 3)
{
    Console.Error.WriteLine("Usage: PolicyPortal.DataGenerator <new SQLite file> [people, default 20000] [policies, default 50]");
    return 2;
}

var path = Path.GetFullPath(args[0]);
if (File.Exists(path))
{
    Console.Error.WriteLine($"{path} exists; give the name of a new file.");
    return 1;
}

var people = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20_000;
var policies = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 50;
var stopwatch = Stopwatch.StartNew();
var summary = await TrustData.GenerateAsync(path, new TrustSize(people, policies));
Console.WriteLine(
    $"{path}: {summary.People:N0} people ({summary.Governors:N0} governors), {summary.Policies} policies, {summary.Signatures:N0} signatures in {stopwatch.Elapsed.TotalSeconds:N1} s. " +
    $"Everyone's password is {summary.Password}; the Principal is person1@trust.example.");
return 0;
