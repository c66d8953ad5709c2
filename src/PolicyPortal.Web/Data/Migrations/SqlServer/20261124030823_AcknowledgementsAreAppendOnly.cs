using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PolicyPortal.Web.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class AcknowledgementsAreAppendOnly : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // A signature is evidence: the database itself refuses to change or remove one.
            // EXEC, because CREATE TRIGGER must start a batch and the idempotent script wraps each statement in IF ... BEGIN.
            migrationBuilder.Sql("""
                EXEC(N'CREATE TRIGGER TR_Acknowledgements_NoUpdate ON Acknowledgements INSTEAD OF UPDATE AS
                THROW 50001, ''Acknowledgements are permanent evidence and cannot be changed.'', 1;');
                """);
            migrationBuilder.Sql("""
                EXEC(N'CREATE TRIGGER TR_Acknowledgements_NoDelete ON Acknowledgements INSTEAD OF DELETE AS
                THROW 50002, ''Acknowledgements are permanent evidence and cannot be deleted.'', 1;');
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
