using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PolicyPortal.Web.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class AccountChanges : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AccountChanges",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    Kind = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    Status = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    SubjectUserId = table.Column<string>(type: "nvarchar(450)", maxLength: 450, nullable: true),
                    SubjectName = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    FullName = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    Email = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: false),
                    JobTitle = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: true),
                    Roles = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    Groups = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    BeforeFullName = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: true),
                    BeforeEmail = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: true),
                    BeforeJobTitle = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: true),
                    BeforeRoles = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: true),
                    BeforeGroups = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    ByImport = table.Column<bool>(type: "bit", nullable: false),
                    AskedByUserId = table.Column<string>(type: "nvarchar(450)", maxLength: 450, nullable: false),
                    AskedByName = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    AskedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    DecidedByUserId = table.Column<string>(type: "nvarchar(450)", maxLength: 450, nullable: true),
                    DecidedByName = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: true),
                    DecidedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: true),
                    ConcurrencyStamp = table.Column<Guid>(type: "uniqueidentifier", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AccountChanges", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AccountChanges_AspNetUsers_SubjectUserId",
                        column: x => x.SubjectUserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AccountChanges_Status_AskedAtUtc",
                table: "AccountChanges",
                columns: new[] { "Status", "AskedAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_AccountChanges_SubjectUserId",
                table: "AccountChanges",
                column: "SubjectUserId");

            migrationBuilder.CreateIndex(
                name: "IX_AccountChanges_Waiting_SubjectUserId",
                table: "AccountChanges",
                column: "SubjectUserId",
                unique: true,
                filter: "Status = 'Waiting'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AccountChanges");
        }
    }
}
