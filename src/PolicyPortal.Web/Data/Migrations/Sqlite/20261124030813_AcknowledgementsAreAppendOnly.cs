using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PolicyPortal.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AcknowledgementsAreAppendOnly : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // A signature is evidence: the database itself refuses to change or remove one.
            migrationBuilder.Sql("""
                CREATE TRIGGER TR_Acknowledgements_NoUpdate BEFORE UPDATE ON Acknowledgements
                BEGIN SELECT RAISE(ABORT, 'Acknowledgements are permanent evidence and cannot be changed.'); END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER TR_Acknowledgements_NoDelete BEFORE DELETE ON Acknowledgements
                BEGIN SELECT RAISE(ABORT, 'Acknowledgements are permanent evidence and cannot be deleted.'); END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER TR_Acknowledgements_NoUpdate;");
            migrationBuilder.Sql("DROP TRIGGER TR_Acknowledgements_NoDelete;");
        }
    }
}
