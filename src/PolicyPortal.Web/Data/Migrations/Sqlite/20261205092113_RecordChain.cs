using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PolicyPortal.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class RecordChain : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ChainBackfills",
                columns: table => new
                {
                    Kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    UpToId = table.Column<long>(type: "INTEGER", nullable: false),
                    Done = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ChainBackfills", x => x.Kind);
                });

            migrationBuilder.CreateTable(
                name: "ChainHeadNotices",
                columns: table => new
                {
                    Month = table.Column<string>(type: "TEXT", maxLength: 7, nullable: false),
                    Sequence = table.Column<long>(type: "INTEGER", nullable: false),
                    ChainSha256 = table.Column<string>(type: "TEXT", fixedLength: true, maxLength: 64, nullable: false),
                    SentAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ChainHeadNotices", x => x.Month);
                });

            migrationBuilder.CreateTable(
                name: "ChainLinks",
                columns: table => new
                {
                    Sequence = table.Column<long>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    EntryId = table.Column<long>(type: "INTEGER", nullable: false),
                    ContentSha256 = table.Column<string>(type: "TEXT", fixedLength: true, maxLength: 64, nullable: false),
                    ChainSha256 = table.Column<string>(type: "TEXT", fixedLength: true, maxLength: 64, nullable: false),
                    AtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ChainLinks", x => x.Sequence);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ChainLinks_Kind_EntryId",
                table: "ChainLinks",
                columns: new[] { "Kind", "EntryId" },
                unique: true);

            // Written by hand: the database refuses to change or delete a link, as it does a signature.
            migrationBuilder.Sql("""
                CREATE TRIGGER TR_ChainLinks_NoUpdate BEFORE UPDATE ON ChainLinks
                BEGIN SELECT RAISE(ABORT, 'The chain of the record is permanent evidence and cannot be changed.'); END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER TR_ChainLinks_NoDelete BEFORE DELETE ON ChainLinks
                BEGIN SELECT RAISE(ABORT, 'The chain of the record is permanent evidence and cannot be deleted.'); END;
                """);

            // Written by hand: the signatures and events written before the chain, which startup links once
            // (RecordChain.LinkFromBeforeTheChainAsync); any entry with a larger id was written since.
            foreach (var (kind, table) in new[]
            {
                ("Signature", "Acknowledgements"), ("PolicyEvent", "PolicyEvents"), ("PresenceEvent", "PresenceEvents"),
                ("ConcernEvent", "ConcernEvents"), ("AccountEvent", "AccountEvents"), ("Reminder", "Reminders"),
            })
            {
                migrationBuilder.Sql($"INSERT INTO ChainBackfills (Kind, UpToId, Done) SELECT '{kind}', COALESCE(MAX(Id), 0), 0 FROM {table};");
            }
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Written by hand: the append-only triggers on ChainLinks, created at the end of Up.
            migrationBuilder.Sql("DROP TRIGGER TR_ChainLinks_NoUpdate;");
            migrationBuilder.Sql("DROP TRIGGER TR_ChainLinks_NoDelete;");

            migrationBuilder.DropTable(
                name: "ChainBackfills");

            migrationBuilder.DropTable(
                name: "ChainHeadNotices");

            migrationBuilder.DropTable(
                name: "ChainLinks");
        }
    }
}
