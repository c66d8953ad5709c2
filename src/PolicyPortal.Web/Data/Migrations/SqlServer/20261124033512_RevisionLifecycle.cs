using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PolicyPortal.Web.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class RevisionLifecycle : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "AdoptedAtUtc",
                table: "PolicyRevisions",
                type: "datetime2",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ChangeKind",
                table: "PolicyRevisions",
                type: "nvarchar(10)",
                maxLength: 10,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "ChangeSummary",
                table: "PolicyRevisions",
                type: "nvarchar(2000)",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "ConcurrencyStamp",
                table: "PolicyRevisions",
                type: "uniqueidentifier",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"));

            migrationBuilder.AddColumn<DateOnly>(
                name: "EffectiveFrom",
                table: "PolicyRevisions",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "LastReviewMinuteReference",
                table: "PolicyRevisions",
                type: "nvarchar(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "LastReviewedWithoutChangeOn",
                table: "PolicyRevisions",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "MinuteReference",
                table: "PolicyRevisions",
                type: "nvarchar(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "ReviewRound",
                table: "PolicyRevisions",
                type: "int",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "Sequence",
                table: "PolicyRevisions",
                type: "int",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "SignaturesValidFromSequence",
                table: "PolicyRevisions",
                type: "int",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "ReviewCycleMonths",
                table: "Policies",
                type: "int",
                nullable: false,
                defaultValue: 12);

            migrationBuilder.CreateTable(
                name: "PolicyEvents",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    PolicyId = table.Column<int>(type: "int", nullable: false),
                    RevisionId = table.Column<int>(type: "int", nullable: true),
                    Kind = table.Column<string>(type: "nvarchar(30)", maxLength: 30, nullable: false),
                    ActorUserId = table.Column<string>(type: "nvarchar(450)", maxLength: 450, nullable: false),
                    ActorName = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    Detail = table.Column<string>(type: "nvarchar(4000)", maxLength: 4000, nullable: false),
                    AtUtc = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PolicyEvents", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PolicyEvents_Policies_PolicyId",
                        column: x => x.PolicyId,
                        principalTable: "Policies",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_PolicyEvents_PolicyRevisions_RevisionId",
                        column: x => x.RevisionId,
                        principalTable: "PolicyRevisions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "RevisionComments",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    RevisionId = table.Column<int>(type: "int", nullable: false),
                    Round = table.Column<int>(type: "int", nullable: false),
                    AuthorUserId = table.Column<string>(type: "nvarchar(450)", maxLength: 450, nullable: false),
                    AuthorName = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    Text = table.Column<string>(type: "nvarchar(4000)", maxLength: 4000, nullable: false),
                    WrittenAtUtc = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RevisionComments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RevisionComments_PolicyRevisions_RevisionId",
                        column: x => x.RevisionId,
                        principalTable: "PolicyRevisions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "RevisionReviews",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    RevisionId = table.Column<int>(type: "int", nullable: false),
                    Round = table.Column<int>(type: "int", nullable: false),
                    GovernorUserId = table.Column<string>(type: "nvarchar(450)", maxLength: 450, nullable: false),
                    GovernorName = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    Verdict = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    Reason = table.Column<string>(type: "nvarchar(4000)", maxLength: 4000, nullable: true),
                    RecordedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RevisionReviews", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RevisionReviews_PolicyRevisions_RevisionId",
                        column: x => x.RevisionId,
                        principalTable: "PolicyRevisions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            // Revisions from before the lifecycle were imported as adopted first texts: number them in the order they were written.
            migrationBuilder.Sql("UPDATE PolicyRevisions SET Sequence = Id, SignaturesValidFromSequence = Id, ChangeKind = 'Initial', AdoptedAtUtc = CreatedAtUtc WHERE Sequence = 0;");

            migrationBuilder.CreateIndex(
                name: "IX_PolicyRevisions_OneOpen",
                table: "PolicyRevisions",
                column: "PolicyId",
                unique: true,
                filter: "Status IN ('Draft', 'InReview')");

            migrationBuilder.CreateIndex(
                name: "IX_PolicyRevisions_PolicyId_Sequence",
                table: "PolicyRevisions",
                columns: new[] { "PolicyId", "Sequence" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PolicyEvents_PolicyId_AtUtc",
                table: "PolicyEvents",
                columns: new[] { "PolicyId", "AtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_PolicyEvents_RevisionId",
                table: "PolicyEvents",
                column: "RevisionId");

            migrationBuilder.CreateIndex(
                name: "IX_RevisionComments_RevisionId",
                table: "RevisionComments",
                column: "RevisionId");

            migrationBuilder.CreateIndex(
                name: "IX_RevisionReviews_RevisionId_Round",
                table: "RevisionReviews",
                columns: new[] { "RevisionId", "Round" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PolicyEvents");

            migrationBuilder.DropTable(
                name: "RevisionComments");

            migrationBuilder.DropTable(
                name: "RevisionReviews");

            migrationBuilder.DropIndex(
                name: "IX_PolicyRevisions_OneOpen",
                table: "PolicyRevisions");

            migrationBuilder.DropIndex(
                name: "IX_PolicyRevisions_PolicyId_Sequence",
                table: "PolicyRevisions");

            migrationBuilder.DropColumn(
                name: "AdoptedAtUtc",
                table: "PolicyRevisions");

            migrationBuilder.DropColumn(
                name: "ChangeKind",
                table: "PolicyRevisions");

            migrationBuilder.DropColumn(
                name: "ChangeSummary",
                table: "PolicyRevisions");

            migrationBuilder.DropColumn(
                name: "ConcurrencyStamp",
                table: "PolicyRevisions");

            migrationBuilder.DropColumn(
                name: "EffectiveFrom",
                table: "PolicyRevisions");

            migrationBuilder.DropColumn(
                name: "LastReviewMinuteReference",
                table: "PolicyRevisions");

            migrationBuilder.DropColumn(
                name: "LastReviewedWithoutChangeOn",
                table: "PolicyRevisions");

            migrationBuilder.DropColumn(
                name: "MinuteReference",
                table: "PolicyRevisions");

            migrationBuilder.DropColumn(
                name: "ReviewRound",
                table: "PolicyRevisions");

            migrationBuilder.DropColumn(
                name: "Sequence",
                table: "PolicyRevisions");

            migrationBuilder.DropColumn(
                name: "SignaturesValidFromSequence",
                table: "PolicyRevisions");

            migrationBuilder.DropColumn(
                name: "ReviewCycleMonths",
                table: "Policies");
        }
    }
}
