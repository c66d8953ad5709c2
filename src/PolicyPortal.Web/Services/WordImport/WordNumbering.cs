using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace PolicyPortal.Web.Services.WordImport;

/// <summary>One level of a Word list: bulleted or numbered, and the number its items have reached.</summary>
internal sealed record ListLevel(bool Ordered, int Number, int? IndentLeft);

/// <summary>
/// The document's numbering definitions (w:num → w:abstractNum → w:lvl), and the counters Word keeps while it numbers:
/// a counter belongs to the abstract list, so two w:num of one list go on counting unless one restarts it with a
/// w:startOverride, and an item resets the levels below it.
/// </summary>
internal sealed class WordNumbering
{
    private readonly Dictionary<int, AbstractNum> _abstracts = [];
    private readonly Dictionary<int, NumberingInstance> _instances = [];
    private readonly Dictionary<int, int[]> _counters = [];
    private readonly HashSet<(int NumId, int Level)> _overridesApplied = [];

    public WordNumbering(MainDocumentPart main)
    {
        var numbering = main.NumberingDefinitionsPart?.Numbering;
        foreach (var abstractNum in numbering?.Elements<AbstractNum>() ?? [])
        {
            if (abstractNum.AbstractNumberId?.Value is int id)
            {
                _abstracts.TryAdd(id, abstractNum);
            }
        }

        foreach (var instance in numbering?.Elements<NumberingInstance>() ?? [])
        {
            if (instance.NumberID?.Value is int id)
            {
                _instances.TryAdd(id, instance);
            }
        }
    }

    /// <summary>Counts an item of the list, or returns null when numId and ilvl name no list (numId 0 takes numbering away).</summary>
    public ListLevel? NextItem(int numId, int ilvl)
    {
        if (Definition(numId, ilvl) is not var (abstractId, level, startOverride) || level is null)
        {
            return null;
        }

        var format = level.NumberingFormat?.Val?.InnerText ?? "decimal";
        if (format == "none")
        {
            return null;
        }

        var start = level.StartNumberingValue?.Val?.Value ?? 1;
        var counters = CountersOf(abstractId);
        if (startOverride is int restart && _overridesApplied.Add((numId, ilvl)))
        {
            counters[ilvl] = restart - 1;
        }
        else if (counters[ilvl] == int.MinValue)
        {
            counters[ilvl] = start - 1;
        }

        counters[ilvl]++;
        for (var deeper = ilvl + 1; deeper < counters.Length; deeper++)
        {
            counters[deeper] = int.MinValue;
        }

        var indent = WordStyles.Twips(level.PreviousParagraphProperties?.Indentation?.Left?.Value
            ?? level.PreviousParagraphProperties?.Indentation?.Start?.Value);
        return new ListLevel(format != "bullet", counters[ilvl], indent);
    }

    private (int AbstractId, Level? Level, int? StartOverride)? Definition(int numId, int ilvl)
    {
        if (numId == 0 || !_instances.TryGetValue(numId, out var instance) || instance.AbstractNumId?.Val?.Value is not int abstractId)
        {
            return null;
        }

        var levelOverride = instance.Elements<LevelOverride>().FirstOrDefault(o => o.LevelIndex?.Value == ilvl);
        var level = levelOverride?.Level
            ?? (_abstracts.TryGetValue(abstractId, out var abstractNum)
                ? abstractNum.Elements<Level>().FirstOrDefault(l => l.LevelIndex?.Value == ilvl)
                : null);
        return (abstractId, level, levelOverride?.StartOverrideNumberingValue?.Val?.Value);
    }

    private int[] CountersOf(int abstractId)
    {
        if (!_counters.TryGetValue(abstractId, out var counters))
        {
            counters = Enumerable.Repeat(int.MinValue, 9).ToArray();
            _counters[abstractId] = counters;
        }

        return counters;
    }
}
