using PolicyPortal.Web.Services;

namespace PolicyPortal.UnitTests.Services;

public sealed class TextComparisonTests
{
    [Fact]
    public void Inserted_and_deleted_words_are_found_exactly()
    {
        var changes = TextComparison.CompareWords(
            "Employees should not post photographs of students.",
            "Employees must never post photographs or videos of students.");

        Assert.Equal(
            [
                new TextChange(ChangeType.Unchanged, "Employees "),
                new TextChange(ChangeType.Deleted, "should not"),
                new TextChange(ChangeType.Inserted, "must never"),
                new TextChange(ChangeType.Unchanged, " post photographs "),
                new TextChange(ChangeType.Inserted, "or videos"),
                new TextChange(ChangeType.Unchanged, " of students."),
            ],
            changes);
    }

    [Fact]
    public void Identical_texts_have_no_changes()
    {
        var sections = TextComparison.Compare("## Scope\n\nSame words.", "## Scope\n\nSame words.");

        var section = Assert.Single(sections);
        Assert.False(section.HasChanges);
    }

    [Fact]
    public void Changes_are_grouped_by_section_and_new_or_removed_sections_are_whole()
    {
        var from = "## Scope\n\nApplies to staff.\n\n## Old Section\n\nGone text.\n\n## Purpose\n\nKeep safe.";
        var to = "## Scope\n\nApplies to staff and governors.\n\n## Purpose\n\nKeep safe.\n\n## New Section\n\nNew text.";

        var sections = TextComparison.Compare(from, to);

        Assert.Equal(["Scope", "Old Section", "Purpose", "New Section"], sections.Select(s => s.Heading));
        Assert.Equal([ChangeType.Unchanged, ChangeType.Deleted, ChangeType.Unchanged, ChangeType.Inserted], sections.Select(s => s.SectionChange));
        Assert.Equal(
            [new TextChange(ChangeType.Unchanged, "Applies to "), new TextChange(ChangeType.Deleted, "staff."), new TextChange(ChangeType.Inserted, "staff and governors.")],
            sections[0].Changes);
        Assert.False(sections[2].HasChanges);
        Assert.Equal("New text.", Assert.Single(sections[3].Changes).Text);
    }

    [Fact]
    public void The_whole_seed_policy_compares_quickly_with_a_small_change()
    {
        var body = Web.Data.Seeding.PortalSeeder.ShippedPolicies().Single().Body;
        var changed = body.Replace("Students must not be discussed on social media sites.", "Students must never be discussed on social media sites, even anonymously.", StringComparison.Ordinal);

        var changes = TextComparison.Compare(body, changed).SelectMany(s => s.Changes).Where(c => c.Type != ChangeType.Unchanged).ToList();

        Assert.Equal([new TextChange(ChangeType.Deleted, "not"), new TextChange(ChangeType.Inserted, "never"), new TextChange(ChangeType.Deleted, "sites."), new TextChange(ChangeType.Inserted, "sites, even anonymously.")], changes);
    }

    [Fact]
    public void A_wholly_rewritten_long_section_is_shown_as_replaced_without_running_away()
    {
        var before = string.Join(' ', Enumerable.Range(0, 5_000).Select(i => $"old{i}"));
        var after = string.Join(' ', Enumerable.Range(0, 5_000).Select(i => $"new{i}"));
        var memoryBefore = GC.GetAllocatedBytesForCurrentThread();

        var changes = TextComparison.CompareWords(before, after);

        Assert.Equal([new TextChange(ChangeType.Deleted, before), new TextChange(ChangeType.Inserted, after)], changes);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - memoryBefore < 200_000_000, "the comparison allocated too much");
    }

    [Fact]
    public void Words_moved_and_changed_across_a_longer_text_are_found_exactly()
    {
        var before = "one two three four five six seven eight nine ten";
        var after = "zero one two four five SIX seven eight nine ten eleven";

        var changes = TextComparison.CompareWords(before, after);

        Assert.Equal(
            [
                new TextChange(ChangeType.Inserted, "zero"),
                new TextChange(ChangeType.Unchanged, " one two "),
                new TextChange(ChangeType.Deleted, "three"),
                new TextChange(ChangeType.Unchanged, " four five "),
                new TextChange(ChangeType.Deleted, "six"),
                new TextChange(ChangeType.Inserted, "SIX"),
                new TextChange(ChangeType.Unchanged, " seven eight nine ten"),
                new TextChange(ChangeType.Inserted, " eleven"),
            ],
            changes);
    }

    [Fact]
    public void Lists_and_subheadings_are_compared_as_the_blocks_a_reader_sees_without_their_markers()
    {
        var from = "Staff may:\n\n- post on forums\n- take part in polls\n\n### Groups\n\nAsk first.";
        var to = "Staff may:\n\n- post on forums\n- take part in polls or surveys\n- write reviews\n\n### Groups\n\nAsk first.";

        var blocks = TextComparison.CompareBlocks(from, to);

        Assert.Equal(
            [
                (BlockKind.Paragraph, ChangeType.Unchanged, "Staff may:"),
                (BlockKind.Bullet, ChangeType.Unchanged, "post on forums"),
                (BlockKind.Bullet, ChangeType.Unchanged, "take part in polls or surveys"),
                (BlockKind.Bullet, ChangeType.Inserted, "write reviews"),
                (BlockKind.Heading, ChangeType.Unchanged, "Groups"),
                (BlockKind.Paragraph, ChangeType.Unchanged, "Ask first."),
            ],
            blocks.Select(b => (b.Kind, b.BlockChange, string.Concat(b.Changes.Select(c => c.Text)))));
        Assert.Equal(
            [new TextChange(ChangeType.Unchanged, "take part in polls"), new TextChange(ChangeType.Inserted, " or surveys")],
            blocks[2].Changes);
        Assert.Equal([new TextChange(ChangeType.Inserted, "write reviews")], blocks[3].Changes);
        Assert.Equal([false, false, true, true, false, false], blocks.Select(b => b.HasChanges));
    }

    [Fact]
    public void A_paragraph_turned_into_a_list_item_keeps_its_words_unmarked_and_a_removed_item_is_deleted_whole()
    {
        var blocks = TextComparison.CompareBlocks(
            "Use separate accounts.\n\n1. Do not follow back.\n2. Keep it professional.",
            "- Use separate accounts.\n\n1. Do not follow back.");

        Assert.Equal(
            [
                (BlockKind.Bullet, ChangeType.Unchanged, "Use separate accounts."),
                (BlockKind.Numbered, ChangeType.Unchanged, "1. Do not follow back."),
                (BlockKind.Numbered, ChangeType.Deleted, "2. Keep it professional."),
            ],
            blocks.Select(b => (b.Kind, b.BlockChange, string.Concat(b.Changes.Select(c => c.Text)))));
        Assert.Equal([false, false, true], blocks.Select(b => b.HasChanges));
        Assert.All(blocks[2].Changes, c => Assert.Equal(ChangeType.Deleted, c.Type));
    }

    [Theory]
    [InlineData("- a\n- b\n- c", "- a\n- c")]
    [InlineData("- one item\n- second item\n- third item", "- one item\n- third item")]
    public void Deleting_an_item_in_the_middle_of_a_list_marks_that_item_alone(string from, string to)
    {
        var blocks = TextComparison.CompareBlocks(from, to);

        var changed = Assert.Single(blocks, b => b.HasChanges);
        Assert.Equal(ChangeType.Deleted, changed.BlockChange);
        Assert.All(blocks.Where(b => b != changed), b => Assert.Equal(ChangeType.Unchanged, b.BlockChange));
        Assert.Equal(3, blocks.Count);
    }

    [Theory]
    [InlineData("Ask first.\n\nThen post.", "Ask first. Then post.")]
    [InlineData("Ask first. Then post.", "Ask first.\n\nThen post.")]
    public void Joining_or_splitting_paragraphs_changes_no_words_and_marks_nothing(string from, string to)
    {
        var blocks = TextComparison.CompareBlocks(from, to);

        Assert.All(blocks, b => Assert.False(b.HasChanges));
        Assert.Equal("Ask first.Then post.", string.Concat(blocks.SelectMany(b => b.Changes).Select(c => c.Text.Trim())));
    }

    [Fact]
    public void A_nested_item_is_an_item_of_its_own_and_a_rule_is_not_text()
    {
        var blocks = TextComparison.CompareBlocks("- a\n    - nested\n\n* * *\n\nAfter.", "- a\n    - nested and more\n\n* * *\n\nAfter.");

        Assert.Equal(
            [(BlockKind.Bullet, "a"), (BlockKind.Bullet, "nested and more"), (BlockKind.Paragraph, "After.")],
            blocks.Select(b => (b.Kind, string.Concat(b.Changes.Select(c => c.Text)))));
    }

    [Fact]
    public void A_paragraph_over_several_lines_is_one_block_read_with_spaces()
    {
        var blocks = TextComparison.CompareBlocks("Staff must\nnot post.", "Staff must\nnever post.");

        var block = Assert.Single(blocks);
        Assert.Equal(
            [new TextChange(ChangeType.Unchanged, "Staff must "), new TextChange(ChangeType.Deleted, "not"), new TextChange(ChangeType.Inserted, "never"), new TextChange(ChangeType.Unchanged, " post.")],
            block.Changes);
    }

    [Fact]
    public void In_a_long_policy_the_changes_found_are_exactly_the_words_changed()
    {
        var (before, words) = LongPolicy(sections: 100, paragraphsPerSection: 3);
        var changed = words.ToArray();
        var places = Enumerable.Range(0, changed.Length).Where(i => i % 97 == 13).Take(300).ToList();
        foreach (var i in places)
        {
            changed[i] = $"amended{i}";
        }

        var comparison = TextComparison.Compare(before, Join(changed));

        var changes = comparison.SelectMany(s => s.Changes).Where(c => c.Type != ChangeType.Unchanged).ToList();
        Assert.Equal(places.SelectMany(i => new[] { new TextChange(ChangeType.Deleted, words[i]), new TextChange(ChangeType.Inserted, changed[i]) }), changes);
        Assert.All(comparison, s => Assert.Equal(ChangeType.Unchanged, s.SectionChange));
    }

    [Fact]
    public void A_long_policy_compared_with_itself_has_no_changes()
    {
        var (text, _) = LongPolicy(sections: 200, paragraphsPerSection: 4);

        var comparison = TextComparison.Compare(text, text);

        Assert.Equal(200, comparison.Count);
        Assert.All(comparison, s => Assert.False(s.HasChanges));
        Assert.Equal(text.Split("\n\n").Count(p => !p.StartsWith("## ", StringComparison.Ordinal)), comparison.Sum(s => s.Blocks.Count));
    }

    [Fact]
    public void A_whole_section_inserted_or_deleted_in_a_long_policy_is_that_section_alone()
    {
        var (text, _) = LongPolicy(sections: 100, paragraphsPerSection: 3);
        var added = "## New section\n\nEvery word here is new.\n\n- And this item.";
        var position = text.IndexOf("## Section 50\n", StringComparison.Ordinal);
        var longer = text.Insert(position, added + "\n\n");

        foreach (var (from, to, change) in new[] { (text, longer, ChangeType.Inserted), (longer, text, ChangeType.Deleted) })
        {
            var comparison = TextComparison.Compare(from, to);

            var section = Assert.Single(comparison, s => s.HasChanges);
            Assert.Equal(("New section", change), (section.Heading, section.SectionChange));
            Assert.Equal([(BlockKind.Paragraph, "Every word here is new."), (BlockKind.Bullet, "And this item.")], section.Blocks.Select(b => (b.Kind, b.Changes.Single(c => c.Type == change).Text)));
            Assert.Equal("Section 50", comparison.SkipWhile(s => s != section).ElementAt(1).Heading);
        }
    }

    [Fact]
    public void One_long_section_with_scattered_changes_is_compared_word_by_word_not_as_rewritten()
    {
        var words = Enumerable.Range(0, 30_000).Select(i => $"w{i % 500}").ToArray();
        var changed = words.ToArray();
        var places = Enumerable.Range(0, 300).Select(i => (i * 100) + 37).ToList();
        foreach (var i in places)
        {
            changed[i] = "amended";
        }

        var changes = TextComparison.CompareWords(string.Join(' ', words), string.Join(' ', changed)).Where(c => c.Type != ChangeType.Unchanged).ToList();

        Assert.Equal(places.SelectMany(i => new[] { new TextChange(ChangeType.Deleted, words[i]), new TextChange(ChangeType.Inserted, "amended") }), changes);
    }

    /// <summary>A policy of "## Section n" headings, each over paragraphs of numbered words, and those words in order.</summary>
    private static (string Text, string[] Words) LongPolicy(int sections, int paragraphsPerSection)
    {
        var words = new List<string>();
        var text = new System.Text.StringBuilder();
        for (var s = 0; s < sections; s++)
        {
            text.Append(s == 0 ? string.Empty : "\n\n").Append($"## Section {s}");
            for (var p = 0; p < paragraphsPerSection; p++)
            {
                var paragraph = Enumerable.Range(0, 40).Select(w => $"word{(s * 7) + (p * 3) + w}").ToList();
                words.AddRange(paragraph);
                text.Append("\n\n").Append(string.Join(' ', paragraph));
            }
        }

        return (text.ToString(), [.. words]);
    }

    // Puts changed words back where LongPolicy wrote them: the same headings, paragraphs of 40 words.
    private static string Join(string[] words)
    {
        var text = new System.Text.StringBuilder();
        for (var i = 0; i < words.Length; i += 40)
        {
            var section = i / 120;
            if (i % 120 == 0)
            {
                text.Append(section == 0 ? string.Empty : "\n\n").Append($"## Section {section}");
            }

            text.Append("\n\n").Append(string.Join(' ', words.Skip(i).Take(40)));
        }

        return text.ToString();
    }
}
