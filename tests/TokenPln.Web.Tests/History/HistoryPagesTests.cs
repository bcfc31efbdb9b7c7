using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MudBlazor;
using MudBlazor.Services;
using TokenPln.Web.Api;
using TokenPln.Web.Auth;
using TokenPln.Web.Components.Shared;
using TokenPln.Web.History;
using TokenPln.Web.History.Components;
using TokenPln.Web.Sales;

namespace TokenPln.Web.Tests.History;

public class HistoryPagesTests : BunitContext, IAsyncLifetime
{
    private readonly FakeHistoryApi _api = new();

    public HistoryPagesTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        Services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        Services.AddSingleton<IHistoryApi>(_api);
        Services.AddScoped<ServiceCall>();
        Services.AddScoped<SessionEnd>();
        Render<MudPopoverProvider>();
    }

    public Task InitializeAsync() => Task.CompletedTask;

    // MudBlazor's services are only asynchronously disposable.
    Task IAsyncLifetime.DisposeAsync() => base.DisposeAsync().AsTask();

    [Fact]
    public void Riwayat_asks_for_the_first_page_without_a_search_and_lists_each_sale()
    {
        _api.Sales.AddRange(Enumerable.Range(1, 3).Select(HistoryData.Row));

        var page = Render<SalesHistoryView>();

        page.WaitForAssertion(() => page.FindAll("[data-invoice]").Count.ShouldBe(3));
        var query = _api.Queries.ShouldHaveSingleItem();
        (query.Page, query.PageSize, query.Search, query.CashierId).ShouldBe(((int?)1, (int?)20, (string?)null, (int?)null));
        page.Markup.ShouldContain("Rp 20.500");
        page.Markup.ShouldContain("10 Juli 2024 07:53");
    }

    [Fact]
    public void Enter_in_the_search_asks_for_the_typed_invoice_as_it_is_stored_from_the_first_page()
    {
        _api.Sales.AddRange(Enumerable.Range(1, 3).Select(HistoryData.Row));
        var page = Render<SalesHistoryView>();
        page.WaitForAssertion(() => _api.Queries.Count.ShouldBe(1));

        var input = page.Find("#history-search");
        input.Input(" inv-2024071000000002 ");
        input.KeyDown(new KeyboardEventArgs { Key = "Enter" });

        page.WaitForAssertion(() => _api.Queries.Count.ShouldBe(2));
        (_api.Queries[1].Search, _api.Queries[1].Page).ShouldBe(("INV-2024071000000002", (int?)1));
    }

    [Fact]
    public void The_next_page_of_the_grid_is_asked_of_the_service_not_cut_from_a_whole_list()
    {
        _api.Sales.AddRange(Enumerable.Range(1, 45).Select(HistoryData.Row));
        var page = Render<SalesHistoryView>();
        page.WaitForAssertion(() => page.FindAll("[data-invoice]").Count.ShouldBe(20));

        page.Find("button[aria-label='Next page']").Click();

        page.WaitForAssertion(() => _api.Queries.Last().Page.ShouldBe(2));
        _api.Queries.Last().PageSize.ShouldBe(20);
        page.WaitForAssertion(() => page.Find("[data-invoice]").TextContent.ShouldBe("INV-2024071000000021"));
    }

    [Theory]
    [InlineData(" inv-2024071000000001", "INV-2024071000000001")]
    [InlineData("1234 5678 901", "12345678901")]
    [InlineData("1234-5678-901", "12345678901")]
    [InlineData("   ", null)]
    [InlineData("budi", "budi")]
    public void A_search_is_put_the_way_invoices_and_meters_are_stored(string typed, string? sent)
    {
        HistorySearch.Normalize(typed).ShouldBe(sent);
    }

    [Fact]
    public void The_detail_of_a_sale_shows_the_token_grouped_the_amounts_the_wib_time_and_its_status_history()
    {
        _api.Details[HistoryData.Invoice] = HistoryData.Token();

        var page = Render<SaleDetailView>(p => p.Add(x => x.Invoice, HistoryData.Invoice));

        page.WaitForAssertion(() => page.Find("[data-field=token]").TextContent.ShouldBe("0123-4567-8901-2345-6789"));
        page.Find("[data-field=price]").TextContent.ShouldBe("Rp 20.500");
        page.Find("[data-field=created]").TextContent.ShouldBe("10 Juli 2024 07:54 WIB");
        page.Find("[data-field=history]").TextContent.ShouldContain("Diproses");
        page.Find("#open-receipt").GetAttribute("href").ShouldBe($"/struk/{HistoryData.Invoice}");
        page.FindAll("#check-status").ShouldBeEmpty();
    }

    [Fact]
    public void Cek_status_on_a_pending_sale_shows_what_came_back_and_the_fresh_sale()
    {
        _api.Details[HistoryData.Invoice] = HistoryData.Token("pending");
        _api.CheckAnswers.Enqueue(HistoryData.Token("success"));
        var page = Render<SaleDetailView>(p => p.Add(x => x.Invoice, HistoryData.Invoice));
        page.WaitForAssertion(() => page.Find("#check-status"));
        page.FindAll("#open-receipt").ShouldBeEmpty();

        page.Find("#check-status").Click();

        page.WaitForAssertion(() => page.Find("[data-field=check-result]").TextContent.ShouldContain("Status sekarang: Berhasil"));
        _api.Checked.ShouldBe([HistoryData.Invoice]);
        page.Find("[data-field=token]").TextContent.ShouldBe("0123-4567-8901-2345-6789");
        page.FindAll("#check-status").ShouldBeEmpty();
    }

    [Fact]
    public void The_receipt_is_the_services_32_column_text_exactly_as_printed()
    {
        _api.Receipts[HistoryData.Invoice] = HistoryData.Receipt();

        var page = Render<ReceiptView>(p => p.Add(x => x.Invoice, HistoryData.Invoice));

        page.WaitForAssertion(() => page.Find("pre[data-field=receipt-text]").TextContent.ShouldBe(HistoryData.Receipt().Text32));
        page.Find("pre.receipt").ClassList.ShouldContain("receipt-58");
        page.Find("[data-field=print-count]").TextContent.Trim().ShouldBe("Belum pernah dicetak.");
        _api.Printed.ShouldBeEmpty("opening a receipt is not a print");
    }

    [Fact]
    public void The_80_mm_paper_shows_the_services_48_column_text()
    {
        _api.Receipts[HistoryData.Invoice] = HistoryData.Receipt();
        var page = Render<ReceiptView>(p => p.Add(x => x.Invoice, HistoryData.Invoice));
        page.WaitForAssertion(() => page.Find("input#paper-80"));

        page.Find("input#paper-80").Click();

        page.WaitForAssertion(() => page.Find("pre[data-field=receipt-text]").TextContent.ShouldBe(HistoryData.Receipt().Text48));
        page.Find("pre.receipt").ClassList.ShouldContain("receipt-80");
    }

    [Fact]
    public void Cetak_records_the_print_then_prints_the_text_read_after_it_and_a_copy_says_cetak_ulang()
    {
        var module = JSInterop.SetupModule(ReceiptView.PrintModule);
        module.SetupVoid("printReceipt").SetVoidResult();
        _api.Receipts[HistoryData.Invoice] = HistoryData.Receipt();
        _api.PrintAnswers.Enqueue(HistoryData.Token() with { History = null });
        _api.PrintAnswers.Enqueue(HistoryData.Token() with { History = null });
        _api.ReceiptsAfterPrint.Enqueue(HistoryData.Receipt(prints: 1));
        _api.ReceiptsAfterPrint.Enqueue(HistoryData.Receipt(prints: 2));
        var page = Render<ReceiptView>(p => p.Add(x => x.Invoice, HistoryData.Invoice));
        page.WaitForAssertion(() => page.Find("#print-receipt"));

        page.Find("#print-receipt").Click();
        page.WaitForAssertion(() => module.VerifyInvoke("printReceipt", 1));
        page.Find("pre[data-field=receipt-text]").TextContent.ShouldNotContain("CETAK ULANG");

        page.Find("#print-receipt").Click();
        page.WaitForAssertion(() => module.VerifyInvoke("printReceipt", 2));
        page.Find("pre[data-field=receipt-text]").TextContent.ShouldBe(HistoryData.Receipt(prints: 2).Text32);
        page.Find("pre[data-field=receipt-text]").TextContent.ShouldContain("*** CETAK ULANG ***");
        page.Find("[data-field=print-count]").TextContent.Trim().ShouldBe("Sudah dicetak 2 kali; cetakan berikutnya ditandai CETAK ULANG.");
        _api.Printed.ShouldBe([HistoryData.Invoice, HistoryData.Invoice]);
    }

    [Fact]
    public void A_sale_without_a_receipt_shows_the_services_reason_and_nothing_to_print()
    {
        var page = Render<ReceiptView>(p => p.Add(x => x.Invoice, HistoryData.Invoice));

        page.WaitForAssertion(() => page.Find("[data-field=receipt-problem]").TextContent
            .ShouldBe("Struk hanya dapat dicetak untuk transaksi yang berhasil."));
        page.FindAll("#print-receipt").ShouldBeEmpty();
        page.FindAll("pre.receipt").ShouldBeEmpty();
    }

    [Fact]
    public void Shift_saya_shows_each_status_count_and_amount_and_the_window_in_wib()
    {
        _api.Shift = new MyShiftInfo(1, "Pagi", new DateTimeOffset(2024, 7, 10, 7, 0, 0, TimeSpan.FromHours(7)),
            new DateTimeOffset(2024, 7, 10, 15, 0, 0, TimeSpan.FromHours(7)), new StatusTotalInfo(3, 61_500), new StatusTotalInfo(1, 50_500),
            new StatusTotalInfo(2, 41_000));

        var page = Render<MyShiftView>();

        page.WaitForAssertion(() => page.Find("[data-field=shift-window]").TextContent.ShouldBe("10 Juli 2024 07:00–14:59 WIB"));
        page.Find("[data-field=shift-name]").TextContent.ShouldBe("Pagi");
        page.Find("[data-testid=jumlah-success]").TextContent.ShouldBe("Rp 61.500");
        page.Find("[data-testid=transaksi-success]").TextContent.ShouldBe("3 transaksi");
        page.Find("[data-testid=jumlah-pending]").TextContent.ShouldBe("Rp 50.500");
        page.Find("[data-testid=transaksi-failed]").TextContent.ShouldBe("2 transaksi");
        page.Find("[data-testid=total-shift]").TextContent.ShouldContain("6 transaksi");
    }

    [Fact]
    public void A_night_shift_window_names_both_days()
    {
        var shift = new MyShiftInfo(2, "Malam", new DateTimeOffset(2024, 7, 10, 22, 0, 0, TimeSpan.FromHours(7)),
            new DateTimeOffset(2024, 7, 11, 6, 0, 0, TimeSpan.FromHours(7)), new(0, 0), new(0, 0), new(0, 0));

        ShiftTotals.Window(shift).ShouldBe("10 Juli 2024 22:00 – 11 Juli 2024 05:59 WIB");
    }

    [Fact]
    public void When_transaction_service_cannot_be_reached_shift_saya_says_so()
    {
        _api.Failure = new HttpRequestException("sidecar down");

        var page = Render<MyShiftView>();

        page.WaitForAssertion(() => page.Find("[data-field=shift-problem]").TextContent.ShouldContain("sedang tidak dapat dihubungi"));
    }

    [Fact]
    public async Task A_sold_token_links_to_its_receipt()
    {
        var sale = new TokenSale();
        sale.Confirm(TestData.Token20, TestData.Customer, () => "key-1");
        sale.SetCash(50_000);
        await sale.SellAsync((_, _) => Task.FromResult(new ServiceResult<TransactionInfo>(TestData.Sale("success", "12345678901234567890"), null)));

        var result = Render<TokenResult>(p => p.Add(x => x.Sale, sale));

        result.Find("#open-receipt").GetAttribute("href").ShouldBe("/struk/INV-2024071000000001");
    }
}
