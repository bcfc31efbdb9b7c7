namespace TokenPln.BuildingBlocks.Dapr;

/// <summary>
/// Only the header name remains here: invocation goes through Dapr.Client's <c>InvocationHandler</c>
/// (<see cref="DaprServiceCollectionExtensions.AddDaprInvocation"/>). Kept under this name because the publisher and
/// the secrets source still read it until they move onto <c>DaprClient</c>; new code uses <see cref="DaprOptions.ApiTokenHeader"/>.
/// </summary>
public static class DaprInvocationHandler
{
    public const string ApiTokenHeader = DaprOptions.ApiTokenHeader;
}
