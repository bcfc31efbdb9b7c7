using TokenPln.TransactionService.Transactions;

namespace TokenPln.TransactionService.UnitTests;

public class StatusRulesTests
{
    [Theory]
    [InlineData(TransactionStatus.Inquiry, TransactionStatus.Pending, true)]
    [InlineData(TransactionStatus.Inquiry, TransactionStatus.Failed, true)]
    [InlineData(TransactionStatus.Pending, TransactionStatus.Success, true)]
    [InlineData(TransactionStatus.Pending, TransactionStatus.Failed, true)]
    [InlineData(TransactionStatus.Inquiry, TransactionStatus.Success, false)]
    [InlineData(TransactionStatus.Pending, TransactionStatus.Inquiry, false)]
    [InlineData(TransactionStatus.Pending, TransactionStatus.Pending, false)]
    [InlineData(TransactionStatus.Success, TransactionStatus.Failed, false)]
    [InlineData(TransactionStatus.Success, TransactionStatus.Pending, false)]
    [InlineData(TransactionStatus.Failed, TransactionStatus.Success, false)]
    [InlineData(TransactionStatus.Failed, TransactionStatus.Pending, false)]
    [InlineData(TransactionStatus.Success, TransactionStatus.Success, false)]
    public void Only_forward_moves_are_allowed_and_final_statuses_never_change(TransactionStatus from, TransactionStatus to, bool allowed) =>
        StatusRules.CanMove(from, to).ShouldBe(allowed);

    [Fact]
    public void A_bill_can_start_its_payment_only_once()
    {
        var bill = New(TransactionType.Postpaid, TransactionStatus.Inquiry);

        bill.TryMoveTo(TransactionStatus.Pending).ShouldBeTrue();
        bill.TryMoveTo(TransactionStatus.Pending).ShouldBeFalse("a second payment must not start");
        bill.TryMoveTo(TransactionStatus.Success).ShouldBeTrue();
        bill.TryMoveTo(TransactionStatus.Failed).ShouldBeFalse("a late failure must not downgrade a paid bill");
        bill.Status.ShouldBe(TransactionStatus.Success);
    }

    [Fact]
    public void A_late_success_does_not_revive_a_failed_sale()
    {
        var sale = New(TransactionType.Prepaid, TransactionStatus.Pending);
        sale.TryMoveTo(TransactionStatus.Failed);

        sale.TryMoveTo(TransactionStatus.Success).ShouldBeFalse();
        sale.Status.ShouldBe(TransactionStatus.Failed);
    }

    [Theory]
    [InlineData(TransactionStatus.Failed, TransactionStatus.Success)]
    [InlineData(TransactionStatus.Success, TransactionStatus.Failed)]
    [InlineData(TransactionStatus.Failed, TransactionStatus.Failed)]
    public void Only_the_owners_resolution_of_a_dispute_moves_a_final_status_to_another(TransactionStatus settled, TransactionStatus decision)
    {
        var sale = New(TransactionType.Prepaid, TransactionStatus.Pending);
        sale.TryMoveTo(settled);

        sale.TryMoveTo(decision).ShouldBeFalse("a final status never changes by an ordinary move");
        sale.TryResolveDisputeTo(decision).ShouldBeFalse("nor by a resolution while nothing is disputed");
        sale.Disputed = true;
        sale.TryResolveDisputeTo(decision).ShouldBeTrue();

        (sale.Status, sale.Disputed).ShouldBe((decision, false));
    }

    [Theory]
    [InlineData(TransactionStatus.Success, TransactionStatus.Pending)]
    [InlineData(TransactionStatus.Failed, TransactionStatus.Inquiry)]
    [InlineData(TransactionStatus.Inquiry, TransactionStatus.Success)]
    public void A_dispute_is_never_resolved_back_to_an_open_status_nor_from_an_inquiry(TransactionStatus from, TransactionStatus to) =>
        StatusRules.CanResolveDispute(from, to).ShouldBeFalse();

    [Fact]
    public void The_receipt_token_comes_from_a_successful_top_ups_serial_number()
    {
        var sale = New(TransactionType.Prepaid, TransactionStatus.Pending);
        sale.SerialNumber = "12345678901234567890/BUDI/R1 /000000900/13.8";

        sale.Token.ShouldBe("1234-5678-9012-3456-7890");
    }

    internal static Transaction New(TransactionType type, TransactionStatus status)
    {
        var transaction = new Transaction
        {
            Invoice = "INV-2611210000000001", RefId = "INV-2611210000000001", Type = type, ProductCode = "hpln20000", CustomerId = "12345678901",
            CashierName = "Kasir",
        };
        transaction.StartAs(status);
        return transaction;
    }
}
