using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PolicyPortal.Web.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class PoliciesFromWord : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_PolicyEvents_PolicyRevisions_RevisionId",
                table: "PolicyEvents");

            migrationBuilder.DropIndex(
                name: "IX_PolicyRevisions_OneOpen",
                table: "PolicyRevisions");

            migrationBuilder.AddColumn<string>(
                name: "Category",
                table: "Policies",
                type: "nvarchar(20)",
                maxLength: 20,
                nullable: false,
                defaultValue: "School");

            migrationBuilder.AddColumn<string>(
                name: "OwnerUserId",
                table: "Policies",
                type: "nvarchar(450)",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "RetiredAtUtc",
                table: "Policies",
                type: "datetime2",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "AttachmentContents",
                columns: table => new
                {
                    Sha256 = table.Column<string>(type: "nchar(64)", fixedLength: true, maxLength: 64, nullable: false),
                    Content = table.Column<byte[]>(type: "varbinary(max)", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AttachmentContents", x => x.Sha256);
                });

            migrationBuilder.CreateTable(
                name: "RevisionAttachments",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    FileName = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    ContentType = table.Column<string>(type: "nvarchar(50)", maxLength: 50, nullable: false),
                    Sha256 = table.Column<string>(type: "nchar(64)", fixedLength: true, maxLength: 64, nullable: false),
                    Length = table.Column<int>(type: "int", nullable: false),
                    RevisionId = table.Column<int>(type: "int", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RevisionAttachments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RevisionAttachments_PolicyRevisions_RevisionId",
                        column: x => x.RevisionId,
                        principalTable: "PolicyRevisions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "WordUploads",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Batch = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    FileName = table.Column<string>(type: "nvarchar(260)", maxLength: 260, nullable: false),
                    Content = table.Column<byte[]>(type: "varbinary(max)", nullable: false),
                    UploadedByUserId = table.Column<string>(type: "nvarchar(450)", maxLength: 450, nullable: false),
                    UploadedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WordUploads", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_PolicyRevisions_OneOpen",
                table: "PolicyRevisions",
                column: "PolicyId",
                unique: true,
                filter: "Status IN ('Draft', 'InReview', 'AwaitingConfirmation')");

            migrationBuilder.CreateIndex(
                name: "IX_Policies_OwnerUserId",
                table: "Policies",
                column: "OwnerUserId");

            migrationBuilder.CreateIndex(
                name: "IX_RevisionAttachments_RevisionId_FileName",
                table: "RevisionAttachments",
                columns: new[] { "RevisionId", "FileName" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_RevisionAttachments_Sha256",
                table: "RevisionAttachments",
                column: "Sha256");

            migrationBuilder.CreateIndex(
                name: "IX_WordUploads_Batch",
                table: "WordUploads",
                column: "Batch");

            migrationBuilder.CreateIndex(
                name: "IX_WordUploads_UploadedAtUtc",
                table: "WordUploads",
                column: "UploadedAtUtc");

            migrationBuilder.AddForeignKey(
                name: "FK_Policies_AspNetUsers_OwnerUserId",
                table: "Policies",
                column: "OwnerUserId",
                principalTable: "AspNetUsers",
                principalColumn: "Id",
                onDelete: ReferentialAction.SetNull);

            migrationBuilder.AddForeignKey(
                name: "FK_PolicyEvents_PolicyRevisions_RevisionId",
                table: "PolicyEvents",
                column: "RevisionId",
                principalTable: "PolicyRevisions",
                principalColumn: "Id",
                onDelete: ReferentialAction.SetNull);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Policies_AspNetUsers_OwnerUserId",
                table: "Policies");

            migrationBuilder.DropForeignKey(
                name: "FK_PolicyEvents_PolicyRevisions_RevisionId",
                table: "PolicyEvents");

            migrationBuilder.DropTable(
                name: "AttachmentContents");

            migrationBuilder.DropTable(
                name: "RevisionAttachments");

            migrationBuilder.DropTable(
                name: "WordUploads");

            migrationBuilder.DropIndex(
                name: "IX_PolicyRevisions_OneOpen",
                table: "PolicyRevisions");

            migrationBuilder.DropIndex(
                name: "IX_Policies_OwnerUserId",
                table: "Policies");

            migrationBuilder.DropColumn(
                name: "Category",
                table: "Policies");

            migrationBuilder.DropColumn(
                name: "OwnerUserId",
                table: "Policies");

            migrationBuilder.DropColumn(
                name: "RetiredAtUtc",
                table: "Policies");

            migrationBuilder.CreateIndex(
                name: "IX_PolicyRevisions_OneOpen",
                table: "PolicyRevisions",
                column: "PolicyId",
                unique: true,
                filter: "Status IN ('Draft', 'InReview')");

            migrationBuilder.AddForeignKey(
                name: "FK_PolicyEvents_PolicyRevisions_RevisionId",
                table: "PolicyEvents",
                column: "RevisionId",
                principalTable: "PolicyRevisions",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }
    }
}
