using TokenPln.Web.Owner;

namespace TokenPln.Web.Tests.Owner;

public class OwnerFormsTests
{
    private static StaffForm ValidCashier() => new()
    {
        EmployeeNumber = "K-001", Name = "Sari", Email = "sari@tokenpln.local", Password = "Rahasia#123", Phone = "+62 812-3456",
        Address = "Jl. Merdeka 1", Role = StaffForm.CashierRole, OfficeHoursId = 1, Active = true,
    };

    [Fact]
    public void A_complete_cashier_passes_and_is_sent_with_every_field_trimmed()
    {
        var form = ValidCashier();
        form.Name = "  Sari  ";

        form.Validate().ShouldBeEmpty();
        var request = form.ToCreateRequest();
        request.ShouldBe(new Web.Owner.Api.CreateStaffRequest("K-001", "Sari", "sari@tokenpln.local", "Rahasia#123", "+62 812-3456", "Jl. Merdeka 1", 1,
            true, "cashier"));
    }

    [Fact]
    public void An_empty_staff_form_names_every_required_field_in_indonesian()
    {
        var errors = new StaffForm().Validate();

        errors["employeeNumber"].ShouldBe("Wajib diisi.");
        errors["name"].ShouldBe("Wajib diisi.");
        errors["email"].ShouldBe("Wajib diisi.");
        errors["password"].ShouldBe("Wajib diisi.");
        errors["officeHoursId"].ShouldBe("Kasir wajib memiliki jam kerja.");
        errors.ContainsKey("phone").ShouldBeFalse();
    }

    [Theory]
    [InlineData("email", "bukan-email", "Alamat email tidak valid.")]
    [InlineData("password", "pendek", "Paling sedikit 8 karakter.")]
    [InlineData("phone", "0812abc", "Hanya angka, spasi, + dan -.")]
    public void A_wrong_staff_field_gets_the_message_user_service_would_give(string field, string value, string message)
    {
        var form = ValidCashier();
        switch (field)
        {
            case "email": form.Email = value; break;
            case "password": form.Password = value; break;
            case "phone": form.Phone = value; break;
        }

        form.Validate().ShouldBe(new Dictionary<string, string> { [field] = message });
    }

    [Fact]
    public void An_owner_needs_no_shift_and_empty_optional_fields_are_sent_as_absent()
    {
        var form = ValidCashier();
        form.Role = StaffForm.OwnerRole;
        form.OfficeHoursId = null;
        form.Phone = " ";
        form.Address = "";

        form.Validate().ShouldBeEmpty();
        form.ToCreateRequest().Phone.ShouldBeNull();
        form.ToCreateRequest().Address.ShouldBeNull();
    }

    [Fact]
    public void A_night_shift_across_midnight_is_allowed()
    {
        var form = new ShiftForm { Name = "Malam", StartAt = "22:00", EndAt = "05:59" };

        form.Validate().ShouldBeEmpty();
        form.CrossesMidnight.ShouldBeTrue();
        form.ToRequest().ShouldBe(new Web.Owner.Api.ShiftRequest("Malam", new TimeOnly(22, 0), new TimeOnly(5, 59), true));
    }

    [Fact]
    public void A_shift_without_name_or_with_unreadable_times_is_refused()
    {
        var errors = new ShiftForm { Name = " ", StartAt = "7", EndAt = "25:00" }.Validate();

        errors["name"].ShouldBe("Wajib diisi.");
        errors["startAt"].ShouldBe("Isi jam mulai sebagai JJ:mm, misalnya 07:00.");
        errors["endAt"].ShouldBe("Isi jam selesai sebagai JJ:mm, misalnya 15:00.");
    }

    [Fact]
    public void A_shift_ending_when_it_starts_is_refused()
    {
        new ShiftForm { Name = "Pagi", StartAt = "07:00", EndAt = "07:00" }.Validate()
            .ShouldBe(new Dictionary<string, string> { ["endAt"] = "Jam selesai tidak boleh sama dengan jam mulai." });
    }

    [Fact]
    public void A_manual_correction_needs_a_final_status_and_a_reason()
    {
        var errors = new CorrectionForm().Validate();

        errors["status"].ShouldBe("Pilih Berhasil atau Gagal.");
        errors["reason"].ShouldBe("Alasan wajib diisi.");
        new CorrectionForm { Status = "failed", Reason = "Laporan IAK: gagal", SerialNumber = "1234" }.Validate()
            .ShouldBe(new Dictionary<string, string> { ["serialNumber"] = "Token hanya untuk transaksi yang berhasil." });
        new CorrectionForm { Status = "success", Reason = " Laporan IAK ", SerialNumber = " 1234 " }.ToRequest()
            .ShouldBe(new Web.Owner.Api.StatusCorrectionRequest("success", "Laporan IAK", "1234"));
    }
}
