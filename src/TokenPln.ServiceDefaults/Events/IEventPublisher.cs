namespace TokenPln.ServiceDefaults.Events;

public interface IEventPublisher
{
    /// <summary>Publishes an already serialized JSON event; <paramref name="eventId"/> becomes the CloudEvent id.</summary>
    Task PublishAsync(string topic, Guid eventId, string json, CancellationToken cancellationToken);
}
