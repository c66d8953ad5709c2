using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PolicyPortal.Web.Data.Migrations.SqlServer
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
                    Kind = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    UpToId = table.Column<long>(type: "bigint", nullable: false),
                    Done = table.Column<bool>(type: "bit", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ChainBackfills", x => x.Kind);
                });

            migrationBuilder.CreateTable(
                name: "ChainHeadNotices",
                columns: table => new
                {
                    Month = table.Column<string>(type: "nvarchar(7)", maxLength: 7, nullable: false),
                    Sequence = table.Column<long>(type: "bigint", nullable: false),
                    ChainSha256 = table.Column<string>(type: "nchar(64)", fixedLength: true, maxLength: 64, nullable: false),
                    SentAtUtc = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ChainHeadNotices", x => x.Month);
                });

            migrationBuilder.CreateTable(
                name: "ChainLinks",
                columns: table => new
                {
                    Sequence = table.Column<long>(type: "bigint", nullable: false),
                    Kind = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    EntryId = table.Column<long>(type: "bigint", nullable: false),
                    ContentSha256 = table.Column<string>(type: "nchar(64)", fixedLength: true, maxLength: 64, nullable: false),
                    ChainSha256 = table.Column<string>(type: "nchar(64)", fixedLength: true, maxLength: 64, nullable: false),
                    AtUtc = table.Column<DateTime>(type: "datetime2", nullable: false)
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

            // Written by hand: the database refuses to change or delete a link, as it does a signature. EXEC, because
            // CREATE TRIGGER must start a batch and the idempotent script wraps each statement in IF ... BEGIN.
            migrationBuilder.Sql("""
                EXEC(N'CREATE TRIGGER TR_ChainLinks_NoUpdate ON ChainLinks INSTEAD OF UPDATE AS
                THROW 50003, ''The chain of the record is permanent evidence and cannot be changed.'', 1;');
                """);
            migrationBuilder.Sql("""
                EXEC(N'CREATE TRIGGER TR_ChainLinks_NoDelete ON ChainLinks INSTEAD OF DELETE AS
                THROW 50004, ''The chain of the record is permanent evidence and cannot be deleted.'', 1;');
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
