using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PolicyPortal.Web.Data.Migrations.SqlServer
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
                type: "nchar(32)",
                fixedLength: true,
                maxLength: 32,
                nullable: false,
                defaultValue: "");

            // Concerns reported before: 128 random bits each, as Concern.Report gives a new one, before the index makes them unique.
            migrationBuilder.Sql("UPDATE [Concerns] SET [PublicId] = LOWER(CONVERT(varchar(32), CRYPT_GEN_RANDOM(16), 2));");

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
