using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PolicyPortal.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ConcernPublicIds : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "PublicId",
                table: "Concerns",
                type: "TEXT",
                fixedLength: true,
                maxLength: 32,
                nullable: false,
                defaultValue: "");

            // Concerns reported before: 128 random bits each, as Concern.Report gives a new one, before the index makes them unique.
            migrationBuilder.Sql("UPDATE \"Concerns\" SET \"PublicId\" = lower(hex(randomblob(16)));");

            migrationBuilder.CreateIndex(
                name: "IX_Concerns_PublicId",
                table: "Concerns",
                column: "PublicId",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Concerns_PublicId",
                table: "Concerns");

            migrationBuilder.DropColumn(
                name: "PublicId",
                table: "Concerns");
        }
    }
}
