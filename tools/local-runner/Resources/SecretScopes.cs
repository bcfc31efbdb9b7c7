namespace TokenPln.LocalRunner.Resources;

/// <summary>
/// One entry of a Configuration's <c>spec.secrets.scopes</c>: which keys of a secret store the app may read. As in daprd,
/// a non-empty allow list admits exactly its keys; otherwise a denied key is refused and <c>defaultAccess</c> decides the
/// rest (allow when unset).
/// </summary>
internal sealed record SecretScope(string StoreName, bool DefaultAllow, IReadOnlySet<string> Allowed, IReadOnlySet<string> Denied)
{
    public bool Allows(string key) =>
        Allowed.Count > 0 ? Allowed.Contains(key) : !Denied.Contains(key) && DefaultAllow;
}
