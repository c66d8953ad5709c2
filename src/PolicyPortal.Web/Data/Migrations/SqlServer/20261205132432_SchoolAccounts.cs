using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PolicyPortal.Web.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class SchoolAccounts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "SchoolAccountLinkedAtUtc",
                table: "AspNetUsers",
                type: "datetime2",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "SchoolAccountOnly",
                table: "AspNetUsers",
                type: "bit",
                nullable: false,
                defaultValue: false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "SchoolAccountLinkedAtUtc",
                table: "AspNetUsers");

            migrationBuilder.DropColumn(
                name: "SchoolAccountOnly",
                table: "AspNetUsers");
        }
    }
}
