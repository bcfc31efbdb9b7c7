using TokenPln.Contracts.Shifts;

namespace TokenPln.ServiceDefaults.UnitTests;

public class ShiftWindowTests
{
    private static readonly TimeSpan Wib = TimeSpan.FromHours(7);

    [Theory]
    [InlineData(7, 59, 59, false)]
    [InlineData(8, 0, 0, true)]
    [InlineData(12, 30, 0, true)]
    [InlineData(15, 59, 59, true)]
    [InlineData(16, 0, 0, false)]
    public void A_day_shift_is_open_from_its_start_minute_through_its_end_minute(int hour, int minute, int second, bool open) =>
        (ShiftWindow.Containing(new(8, 0), new(15, 59), At(hour, minute, second)) is not null).ShouldBe(open);

    [Theory]
    [InlineData(21, 59, false)]
    [InlineData(22, 0, true)]
    [InlineData(23, 59, true)]
    [InlineData(0, 0, true)]
    [InlineData(5, 59, true)]
    [InlineData(6, 0, false)]
    [InlineData(12, 0, false)]
    public void An_overnight_shift_is_open_on_both_sides_of_midnight(int hour, int minute, bool open) =>
        (ShiftWindow.Containing(new(22, 0), new(5, 59), At(hour, minute)) is not null).ShouldBe(open);

    [Fact]
    public void The_window_of_an_overnight_shift_after_midnight_started_the_evening_before()
    {
        var window = ShiftWindow.Containing(new(22, 0), new(5, 59), new DateTimeOffset(2026, 11, 21, 2, 30, 0, Wib))!.Value;

        window.Start.ShouldBe(new DateTimeOffset(2026, 11, 20, 22, 0, 0, Wib));
        window.End.ShouldBe(new DateTimeOffset(2026, 11, 21, 6, 0, 0, Wib));
    }

    [Fact]
    public void A_shift_ending_at_23_59_closes_at_midnight()
    {
        var window = ShiftWindow.Containing(new(16, 0), new(23, 59), new DateTimeOffset(2026, 11, 21, 23, 59, 30, Wib))!.Value;

        window.End.ShouldBe(new DateTimeOffset(2026, 11, 22, 0, 0, 0, Wib));
    }

    [Fact]
    public void Instants_in_any_offset_are_judged_in_jakarta_time()
    {
        // 01:00 UTC is 08:00 WIB.
        ShiftWindow.Containing(new(8, 0), new(15, 59), new DateTimeOffset(2026, 11, 21, 1, 0, 0, TimeSpan.Zero)).ShouldNotBeNull();
        ShiftWindow.Containing(new(8, 0), new(15, 59), new DateTimeOffset(2026, 11, 21, 0, 59, 0, TimeSpan.Zero)).ShouldBeNull();
    }

    private static DateTimeOffset At(int hour, int minute, int second = 0) => new(2026, 11, 21, hour, minute, second, Wib);
}
