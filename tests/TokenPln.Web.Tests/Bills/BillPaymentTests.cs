using TokenPln.Contracts;
using TokenPln.Web.Api;
using TokenPln.Web.Bills;
using TokenPln.Web.Sales;

namespace TokenPln.Web.Tests.Bills;

public class BillPaymentTests
{
    private static BillPayment Confirming(long? cash = null)
    {
        var payment = new BillPayment();
        payment.Show(BillData.WithReceipt(BillData.Inquiry()));
        payment.Confirm();
        if (cash is not null) payment.SetCash(cash);
        return payment;
    }

    private static Task<ServiceResult<BillTransaction>> Answer(BillTransaction bill) => Task.FromResult(new ServiceResult<BillTransaction>(bill, null));

    private static Task<ServiceResult<BillTransaction>> Refusal(ServiceProblem problem) => Task.FromResult(new ServiceResult<BillTransaction>(null, problem));

    private static Task<ServiceResult<BillTransaction>> NoLookUp(string invoice) => throw new InvalidOperationException("No look-up expected.");

    [Fact]
    public void The_confirmation_starts_with_the_exact_total_of_bill_and_admin_and_no_change()
    {
        var payment = Confirming();

        payment.State.ShouldBe(SaleState.Confirming);
        payment.Total.ShouldBe(210_000);
        payment.CashReceived.ShouldBe(210_000);
        payment.Change.ShouldBe(0);
        payment.CanPay.ShouldBeTrue();
    }

    [Fact]
    public void Change_is_the_cash_received_minus_the_total_and_short_cash_cannot_pay()
    {
        var payment = Confirming(cash: 250_000);
        payment.Change.ShouldBe(40_000);

        payment.SetCash(200_000);

        payment.Change.ShouldBeNull();
        payment.CashError.ShouldBe("Uang yang diterima kurang Rp 10.000 dari total.");
        payment.CanPay.ShouldBeFalse();
    }

    [Fact]
    public void The_arrears_are_the_sheets_beyond_the_latest_month_and_those_left_for_later()
    {
        var bill = BillData.WithReceipt(BillData.Inquiry());

        bill.Periods.ShouldBe(["202403", "202404", "202405", "202406"]);
        bill.ArrearsPaidNow.ShouldBe(3);
        bill.SheetsLeftUnpaid.ShouldBe(4);
        bill.Penalty.ShouldBe(5_000);
    }

    [Fact]
    public void A_single_month_bill_has_no_arrears()
    {
        var bill = BillData.Inquiry() with { Period = "202406", Receipt = new BillReceipt("R1", 1300, null, 1, 0, null, null, null) };

        bill.ArrearsPaidNow.ShouldBe(0);
        bill.SheetsLeftUnpaid.ShouldBe(0);
    }

    [Fact]
    public async Task Paying_sends_the_invoice_of_the_inquiry_and_ends_paid()
    {
        var payment = Confirming();
        var sent = new List<string>();

        await payment.PayAsync(invoice => { sent.Add(invoice); return Answer(BillData.Inquiry("success")); }, NoLookUp);

        sent.ShouldBe([BillData.Invoice]);
        payment.State.ShouldBe(SaleState.Done);
    }

    [Fact]
    public async Task A_second_pay_while_the_first_is_in_flight_sends_nothing()
    {
        var payment = Confirming();
        var answer = new TaskCompletionSource<ServiceResult<BillTransaction>>();
        var calls = 0;

        var first = payment.PayAsync(_ => { calls++; return answer.Task; }, NoLookUp);
        (await payment.PayAsync(_ => { calls++; return answer.Task; }, NoLookUp)).ShouldBeFalse();
        payment.Cancel().ShouldBeFalse();
        answer.SetResult(new ServiceResult<BillTransaction>(BillData.Inquiry("success"), null));
        await first;

        calls.ShouldBe(1);
        payment.State.ShouldBe(SaleState.Done);
    }

    [Fact]
    public async Task A_pending_payment_is_pending_until_a_later_look_settles_it()
    {
        var payment = Confirming();

        await payment.PayAsync(_ => Answer(BillData.Inquiry("pending")), NoLookUp);
        payment.State.ShouldBe(SaleState.Pending);
        payment.Settle(BillData.Inquiry("success"));

        payment.State.ShouldBe(SaleState.Done);
    }

    [Fact]
    public async Task A_payment_iak_failed_shows_the_service_message()
    {
        var payment = Confirming();

        await payment.PayAsync(_ => Answer(BillData.Inquiry("failed", "Pembayaran gagal di penyedia; saldo tidak terpakai.")), NoLookUp);

        payment.State.ShouldBe(SaleState.Refused);
        payment.Error.ShouldBe("Pembayaran gagal di penyedia; saldo tidak terpakai.");
    }

    [Fact]
    public async Task A_lost_answer_keeps_the_confirmation_open_for_a_retry_of_the_same_invoice()
    {
        var payment = Confirming();

        await payment.PayAsync(_ => Refusal(ServiceProblem.Unavailable("transaksi", outcomeUnknown: true)), NoLookUp);

        payment.State.ShouldBe(SaleState.Confirming);
        payment.Error!.ShouldContain("sedang tidak dapat dihubungi");
        payment.CanPay.ShouldBeTrue();
    }

    [Fact]
    public async Task A_retry_refused_as_already_paid_shows_what_the_first_payment_became()
    {
        var payment = Confirming();
        var looked = new List<string>();

        await payment.PayAsync(_ => Refusal(new ServiceProblem(409, "already_paid", "Tagihan ini sudah dibayar.", [])),
            invoice => { looked.Add(invoice); return Answer(BillData.Inquiry("success")); });

        looked.ShouldBe([BillData.Invoice]);
        payment.State.ShouldBe(SaleState.Done);
    }

    [Fact]
    public async Task A_bill_paid_through_another_inquiry_is_refused_with_the_service_message()
    {
        var payment = Confirming();

        await payment.PayAsync(_ => Refusal(new ServiceProblem(409, ErrorCodes.BillAlreadyPaid, "Tagihan ini sudah dibayar lewat transaksi INV-2024071000000001.", [])),
            NoLookUp);

        payment.State.ShouldBe(SaleState.Refused);
        payment.Error.ShouldBe("Tagihan ini sudah dibayar lewat transaksi INV-2024071000000001.");
    }

    [Fact]
    public void Escape_goes_back_to_the_bill_which_stays_shown()
    {
        var payment = Confirming();

        payment.Cancel().ShouldBeTrue();

        payment.State.ShouldBe(SaleState.Idle);
        payment.Bill!.Invoice.ShouldBe(BillData.Invoice);
        payment.Confirm().ShouldBeTrue();
    }
}
