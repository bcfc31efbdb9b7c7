using TokenPln.Contracts.Events;
using TokenPln.Web.Owner;

namespace TokenPln.Web.Tests.Owner;

public class OwnerFilterTests
{
    private static readonly OwnerFilter Everything = new()
    {
        Type = "prepaid", CashierId = 7, From = new DateOnly(2024, 7, 1), To = new DateOnly(2024, 7, 10), OfficeHoursId = 2,
        Status = "pending", Search = " INV-0001 ",
    };

    [Fact]
    public void Every_filter_becomes_the_query_transaction_service_reads()
    {
        Everything.ToQueryString().ShouldBe("type=prepaid&cashierId=7&from=2024-07-01&to=2024-07-10&officeHoursId=2&status=pending&search=INV-0001");
    }

    [Fact]
    public void The_dashboard_query_leaves_out_status_and_search()
    {
        Everything.ToQueryString(withStatusAndSearch: false).ShouldBe("type=prepaid&cashierId=7&from=2024-07-01&to=2024-07-10&officeHoursId=2");
    }

    [Fact]
    public void No_filter_is_no_query_and_the_link_has_no_question_mark()
    {
        new OwnerFilter().ToQueryString().ShouldBeEmpty();
        new OwnerFilter { Type = OwnerFilter.AllTypes }.Link("/pemilik/transaksi/export.csv").ShouldBe("/pemilik/transaksi/export.csv");
    }

    [Fact]
    public void The_csv_link_carries_the_same_filters_as_the_list_escaped()
    {
        var filter = new OwnerFilter { Status = "success", Search = "a&b=c" };

        filter.Link("/pemilik/transaksi/export.csv").ShouldBe("/pemilik/transaksi/export.csv?status=success&search=a%26b%3Dc");
    }

    [Fact]
    public void The_service_query_has_the_same_values_and_a_one_based_page()
    {
        var query = Everything.ToQuery(page: 3, pageSize: 50);

        query.Type.ShouldBe("prepaid");
        query.CashierId.ShouldBe(7);
        query.From.ShouldBe("2024-07-01");
        query.To.ShouldBe("2024-07-10");
        query.OfficeHoursId.ShouldBe(2);
        query.Status.ShouldBe("pending");
        query.Search.ShouldBe("INV-0001");
        query.Page.ShouldBe(3);
        query.PageSize.ShouldBe(50);
    }

    [Fact]
    public void A_filter_read_back_from_its_address_is_the_same_filter()
    {
        OwnerFilter.Parse("?" + Everything.ToQueryString()).ShouldBe(Everything with { Search = "INV-0001" });
    }

    [Fact]
    public void Values_that_cannot_be_read_from_the_address_are_left_out_not_guessed()
    {
        var filter = OwnerFilter.Parse("?type=pulsa&cashierId=-3&from=01/07/2024&to=2024-13-01&officeHoursId=x&status=lost&search=%20");

        filter.ShouldBe(new OwnerFilter());
    }

    [Fact]
    public void A_range_ending_before_it_starts_is_refused_in_indonesian()
    {
        new OwnerFilter { From = new DateOnly(2024, 7, 10), To = new DateOnly(2024, 7, 1) }.RangeError
            .ShouldBe("Tanggal akhir tidak boleh sebelum tanggal awal.");
        new OwnerFilter { From = new DateOnly(2024, 7, 1), To = new DateOnly(2024, 7, 1) }.RangeError.ShouldBeNull();
    }

    [Theory]
    [InlineData(null, null, "prepaid", 5, "success", true)]
    [InlineData("prepaid", null, "prepaid", 5, "pending", true)]
    [InlineData("postpaid", null, "prepaid", 5, "success", false)]
    [InlineData(null, 5, "prepaid", 5, "failed", true)]
    [InlineData(null, 6, "prepaid", 5, "success", false)]
    [InlineData(null, null, "postpaid", 5, "inquiry", false)]
    public void A_status_change_moves_the_dashboard_only_when_its_type_and_cashier_match(string? type, int? cashierId, string eventType,
        int eventCashier, string status, bool concerns)
    {
        var changed = new TransactionStatusChangedIntegrationEvent("INV-0000000000000001", eventType, null, status, 20_500, eventCashier, 1, "sale");

        new OwnerFilter { Type = type, CashierId = cashierId }.MayConcern(changed).ShouldBe(concerns);
    }
}
