namespace TokenPln.BuildingBlocks.Subscriptions;

/// <summary>The envelope attributes of the CloudEvent being handled, kept after the body is unwrapped.</summary>
public sealed record CloudEvent(string? Id, string? Source, string? Type, string? Topic, string? PubSubName);
