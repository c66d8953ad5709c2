using PolicyPortal.LoadClient;

// The client of the load scripts in tests/load (see docs/performance.md). Each command's options are --name value.
const string Usage = """
    Usage: PolicyPortal.LoadClient <command> --name value ...
      sign-in   --url U --cert PEM --db FILE --people N --sessions OUT   signs in the Principal and N people spread over the trust
      requests  --url U --cert PEM --db FILE --sessions FILE --out DIR [--fresh-for S]   renews the sessions' cookies (none passing a minute old within S seconds) and writes wrk's request files
      sign-until-refused --url U --cert PEM --db FILE --sessions FILE --answered OUT --in-flight OUT [--workers 16] [--seconds 120]
      verify    --url U --cert PEM --db FILE --sessions FILE --answered FILE --in-flight FILE [--counts OUT]
      report    --results FILE --startup FILE --peak-mb N --people N --policies N --signed-in N --connections N --seconds N --machine TEXT --out FILE
      chart     --samples TSV --out SVG [--limit-mb 300]
      text-comparison [--runs 7]   times comparing two long policies in this process, and prints a Markdown table
      policy-text [--runs 7]   times the draft preview's check and rendering of hostile texts in this process, and prints a Markdown table
      word-import [--runs 5]   converts a 100-page Word document and prints the median time and the memory allocated
      people-import --url U --cert PEM --db FILE [--rows 20000] [--warm-up 100]   imports a staff export of that many rows as the Principal, timing the preview and the import
    """;

if (args.Length == 0 || !Options.TryParse(args.Skip(1), out var options))
{
    Console.Error.WriteLine(Usage);
    return 2;
}

try
{
    return args[0] switch
    {
        "sign-in" => await Commands.SignInAsync(options),
        "requests" => await Commands.RequestsAsync(options),
        "sign-until-refused" => await Commands.SignUntilRefusedAsync(options),
        "verify" => await Commands.VerifyAsync(options),
        "report" => Commands.Report(options),
        "chart" => Commands.Chart(options),
        "text-comparison" => TextComparisonBenchmark.Run(options),
        "policy-text" => PolicyTextBenchmark.Run(options),
        "word-import" => WordImportBenchmark.Run(options),
        "people-import" => await PeopleImportBenchmark.RunAsync(options),
        _ => Fail(Usage),
    };
}
catch (LoadClientException ex)
{
    return Fail(ex.Message);
}

static int Fail(string message)
{
    Console.Error.WriteLine(message);
    return 2;
}
