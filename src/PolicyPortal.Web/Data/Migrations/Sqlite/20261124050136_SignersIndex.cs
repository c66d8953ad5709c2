using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PolicyPortal.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SignersIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Acknowledgements_RevisionId",
                table: "Acknowledgements");

            migrationBuilder.CreateIndex(
                name: "IX_Acknowledgements_RevisionId_UserId",
                table: "Acknowledgements",
                columns: new[] { "RevisionId", "UserId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Acknowledgements_RevisionId_UserId",
                table: "Acknowledgements");

            migrationBuilder.CreateIndex(
                name: "IX_Acknowledgements_RevisionId",
                table: "Acknowledgements",
                column: "RevisionId");
        }
    }
}
