using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using TokenPln.Contracts.Shifts;
using TokenPln.LocalCopies.Shifts;
using TokenPln.TransactionService.Data;

namespace TokenPln.Bench;

/// <summary>
/// Loads a realistic history straight into transaction-service's database: 90 WIB days, ten cashiers on three shifts,
/// mostly tokens with some bills, mostly successes with some failures, pending sales and unpaid inquiries. The rollups
/// are then filled the way their migration fills them.
/// </summary>
public static class Seeder
{
    private static readonly (string Type, string Product, long Price, long Nominal, long Admin)[] Products =
    [
        ("Prepaid", "hpln20000", 20_500, 20_000, 0), ("Prepaid", "hpln50000", 50_500, 50_000, 0), ("Prepaid", "hpln100000", 100_500, 100_000, 0),
        ("Prepaid", "hpln200000", 200_500, 200_000, 0), ("Prepaid", "hpln500000", 500_500, 500_000, 0),
        ("Postpaid", "PLNPOSTPAID", 302_500, 300_000, 2_500), ("Nontaglis", "PLNNONTAG", 698_000, 696_400, 1_600),
    ];

    public static async Task SeedAsync(DbContextOptions<TransactionDbContext> options, bool postgres, string connectionString, int count)
    {
        await using (var db = new TransactionDbContext(options))
        {
            await db.Database.MigrateAsync();
            db.ShiftCopies.AddRange(
                new ShiftCopy { Id = 1, Name = "Shift Pagi", StartAt = new(8, 0), EndAt = new(15, 59), Active = true, Version = 1, ReplicatedAt = DateTime.UtcNow },
                new ShiftCopy { Id = 2, Name = "Shift Sore", StartAt = new(16, 0), EndAt = new(23, 59), Active = true, Version = 1, ReplicatedAt = DateTime.UtcNow },
                new ShiftCopy { Id = 3, Name = "Shift Malam", StartAt = new(0, 0), EndAt = new(7, 59), Active = true, Version = 1, ReplicatedAt = DateTime.UtcNow });
            await db.SaveChangesAsync();
        }

        if (postgres) await CopyAsync(connectionString, count);
        else await InsertAsync(connectionString, count);

        await using (var db = new TransactionDbContext(options))
        {
            db.Database.SetCommandTimeout(TimeSpan.FromMinutes(10));
            await SalesRollups.RebuildAsync(db, CancellationToken.None);
            // Fresh statistics, as a database that has been running would have them.
            await db.Database.ExecuteSqlRawAsync("ANALYZE");
        }
    }

    private sealed record Row(string Invoice, string Type, string Product, string Customer, string Status, long Price, long Nominal, long Admin,
        int Cashier, int Shift, DateTime Created, DateOnly Date, int Minute);

    private static IEnumerable<Row> Rows(int count)
    {
        var random = new Random(20261121);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, ShiftWindow.Jakarta).DateTime);
        for (var i = 0; i < count; i++)
        {
            var cashier = 1 + random.Next(10);
            var shift = 1 + cashier % 3;
            var date = today.AddDays(-random.Next(90));
            var minute = (shift switch { 1 => 8 * 60, 2 => 16 * 60, _ => 0 }) + random.Next(8 * 60);
            var roll = random.Next(100);
            var product = Products[roll < 80 ? random.Next(5) : roll < 95 ? 5 : 6];
            var statusRoll = random.Next(100);
            var status = product.Type == "Prepaid"
                ? statusRoll < 91 ? "Success" : statusRoll < 97 ? "Failed" : "Pending"
                : statusRoll < 85 ? "Success" : statusRoll < 90 ? "Failed" : statusRoll < 93 ? "Pending" : "Inquiry";
            var local = date.ToDateTime(new TimeOnly(minute / 60, minute % 60, random.Next(60)));
            var created = new DateTimeOffset(local, TimeSpan.FromHours(7)).UtcDateTime;
            yield return new Row($"INV-{date:yyMMdd}{i:D10}", product.Type, product.Product, $"5{random.NextInt64(1_000_000_000, 9_999_999_999)}", status,
                product.Price, product.Nominal, product.Admin, cashier, shift, created, date, minute);
        }
    }

    private static async Task InsertAsync(string connectionString, int count)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO transactions ("Invoice","RefId","Type","ProductCode","CustomerId","CustomerName","Status","Rc","Message","Price","Nominal","Admin",
              "CashierId","CashierName","OfficeHoursId","CreatedAt","UpdatedAt","LocalDate","LocalMinuteOfDay","CheckAttempts","Version")
            VALUES ($i,$i,$t,$p,$c,'PELANGGAN',$s,'00','SUCCESS',$price,$nominal,$admin,$cashier,'Kasir',$shift,$at,$at,$d,$m,0,1)
            """;
        var names = new[] { "$i", "$t", "$p", "$c", "$s", "$price", "$nominal", "$admin", "$cashier", "$shift", "$at", "$d", "$m" };
        var parameters = names.ToDictionary(n => n, n => command.Parameters.Add(new SqliteParameter { ParameterName = n }));
        foreach (var row in Rows(count))
        {
            parameters["$i"].Value = row.Invoice;
            parameters["$t"].Value = row.Type;
            parameters["$p"].Value = row.Product;
            parameters["$c"].Value = row.Customer;
            parameters["$s"].Value = row.Status;
            parameters["$price"].Value = row.Price;
            parameters["$nominal"].Value = row.Nominal;
            parameters["$admin"].Value = row.Admin;
            parameters["$cashier"].Value = row.Cashier;
            parameters["$shift"].Value = row.Shift;
            parameters["$at"].Value = row.Created;
            parameters["$d"].Value = row.Date;
            parameters["$m"].Value = row.Minute;
            await command.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
    }

    private static async Task CopyAsync(string connectionString, int count)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var writer = await connection.BeginBinaryImportAsync("""
            COPY transactions ("Invoice","RefId","Type","ProductCode","CustomerId","CustomerName","Status","Rc","Message","Price","Nominal","Admin",
              "CashierId","CashierName","OfficeHoursId","CreatedAt","UpdatedAt","LocalDate","LocalMinuteOfDay","CheckAttempts","Version") FROM STDIN (FORMAT BINARY)
            """);
        foreach (var row in Rows(count))
        {
            await writer.StartRowAsync();
            await writer.WriteAsync(row.Invoice);
            await writer.WriteAsync(row.Invoice);
            await writer.WriteAsync(row.Type);
            await writer.WriteAsync(row.Product);
            await writer.WriteAsync(row.Customer);
            await writer.WriteAsync("PELANGGAN");
            await writer.WriteAsync(row.Status);
            await writer.WriteAsync("00");
            await writer.WriteAsync("SUCCESS");
            await writer.WriteAsync(row.Price);
            await writer.WriteAsync(row.Nominal);
            await writer.WriteAsync(row.Admin);
            await writer.WriteAsync(row.Cashier);
            await writer.WriteAsync("Kasir");
            await writer.WriteAsync(row.Shift);
            await writer.WriteAsync(row.Created, NpgsqlTypes.NpgsqlDbType.TimestampTz);
            await writer.WriteAsync(row.Created, NpgsqlTypes.NpgsqlDbType.TimestampTz);
            await writer.WriteAsync(row.Date, NpgsqlTypes.NpgsqlDbType.Date);
            await writer.WriteAsync(row.Minute);
            await writer.WriteAsync(0);
            await writer.WriteAsync(1L);
        }

        await writer.CompleteAsync();
    }
}
