namespace TokenPln.ServiceDefaults.Persistence;

/// <summary>
/// Test seam of the start-up steps that fill an empty database (default shifts, the owner): told after a step found its data
/// missing and before it writes it. Not registered in a running service; a test registers one to hold two instances starting
/// together at that point, where a race between them would otherwise be too narrow to see.
/// </summary>
public interface IStartupStepProbe
{
    Task FoundMissingAsync(string step);
}
