namespace TokenPln.Contracts.Events;

/// <summary>
/// The owner's prices changed. It carries no prices on purpose: a copy reads the whole priced list back, so an event lost or
/// out of order never leaves a copy with a price the owner no longer has. <see cref="Subject"/> (a product code, or <c>settings</c>
/// for the default markup and admin fees) is for the logs.
/// </summary>
public sealed record PricesChangedIntegrationEvent(string Subject) : IntegrationEvent;
