using System.Text.Json;
using TokenPln.LocalRunner.Resources;

namespace TokenPln.LocalRunner.Sidecar;

/// <summary>The local file and env secret stores, read on each request so that edits apply at once.</summary>
internal sealed class SecretResolver
{
    public IReadOnlyDictionary<string, string> ReadAll(Sidecar sidecar, SecretStoreComponent store)
    {
        if (store.Type == "secretstores.local.env")
        {
            return Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
                .ToDictionary(e => (string)e.Key, e => (string?)e.Value ?? "");
        }

        // Relative to daprd's working directory, which is the app's directory in a multi-app run.
        var path = Path.GetFullPath(store.SecretsFile!, sidecar.App.AppDirectory);
        if (!File.Exists(path))
        {
            throw new SecretStoreException($"secrets file {path} not found");
        }

        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var secrets = new Dictionary<string, string>(StringComparer.Ordinal);
        Flatten(document.RootElement, null, store.NestedSeparator, secrets);
        return secrets;
    }

    public string ResolveHeader(Sidecar sidecar, HttpEndpointResource endpoint, HeaderValue header)
    {
        if (header.Value is not null) return header.Value;
        if (header.EnvVariable is not null) return Environment.GetEnvironmentVariable(header.EnvVariable) ?? "";
        var storeName = endpoint.SecretStore ?? throw new SecretStoreException($"{endpoint.Name}: header {header.Name} needs auth.secretStore");
        if (!sidecar.SecretStores.TryGetValue(storeName, out var store))
        {
            throw new SecretStoreException($"{endpoint.Name}: secret store {storeName} is not loaded");
        }

        return ReadAll(sidecar, store).TryGetValue(header.SecretKey ?? header.SecretName!, out var value)
            ? value
            : throw new SecretStoreException($"{endpoint.Name}: secret {header.SecretName} not found");
    }

    private static void Flatten(JsonElement element, string? prefix, string separator, Dictionary<string, string> into)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in element.EnumerateObject())
            {
                Flatten(property.Value, prefix is null ? property.Name : prefix + separator + property.Name, separator, into);
            }
        }
        else if (prefix is not null)
        {
            into[prefix] = element.ValueKind == JsonValueKind.String ? element.GetString()! : element.GetRawText();
        }
    }
}

internal sealed class SecretStoreException(string message) : Exception(message);
