using System.Text.Json.Nodes;
using Json.Schema;
using k8s;

namespace TokenPln.Deploy.Tests;

/// <summary>
/// Checks each object against its API's schema, refusing an unknown field or a value of the wrong type.
/// Kubernetes' own kinds: the typed models of KubernetesClient (generated from the Kubernetes OpenAPI schema), loaded
/// strictly, then written back: a field the model does not have is refused by the load, and a value whose JSON type
/// changed on the way (a quoted "2" for an integer, a number for a string annotation) did not fit the field's type.
/// Dapr's kinds: the JSON schemas of deploy/schemas/dapr-crds.schema.json (derived from Dapr's CRDs), with JsonSchema.Net.
/// </summary>
public sealed class SchemaValidator
{
    private readonly Dictionary<string, JsonSchema> _daprSchemas;

    public SchemaValidator(string daprSchemaFile)
    {
        var document = JsonNode.Parse(File.ReadAllText(daprSchemaFile))!.AsObject();
        _daprSchemas = document["kinds"]!.AsObject()
            .ToDictionary(kind => kind.Key, kind => JsonSchema.FromText(kind.Value!.ToJsonString()));
    }

    public IReadOnlyList<string> Validate(Manifest manifest)
    {
        if (manifest.ApiVersion.Length == 0 || manifest.Kind.Length == 0 || manifest.Name.Length == 0)
        {
            return [$"{manifest.Id}: apiVersion, kind and metadata.name are required"];
        }

        return manifest.ApiVersion.StartsWith("dapr.io/", StringComparison.Ordinal) ? ValidateDapr(manifest) : ValidateKubernetes(manifest);
    }

    private List<string> ValidateDapr(Manifest manifest)
    {
        if (!_daprSchemas.TryGetValue($"{manifest.ApiVersion}/{manifest.Kind}", out var schema))
        {
            return [$"{manifest.Id}: {manifest.ApiVersion} {manifest.Kind} is not a Dapr resource kind"];
        }

        var result = schema.Evaluate(manifest.Body, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (result.IsValid)
        {
            return [];
        }

        var problems = result.Details
            .Where(detail => detail.Errors is { Count: > 0 })
            .SelectMany(detail => detail.Errors!.Select(error => $"{manifest.Id}: {detail.InstanceLocation}: {error.Value}"))
            .Distinct()
            .ToList();
        return problems.Count > 0 ? problems : [$"{manifest.Id}: does not match the {manifest.Kind} schema"];
    }

    private static List<string> ValidateKubernetes(Manifest manifest)
    {
        object loaded;
        try
        {
            // JSON is YAML: the loader sees exactly the values the API server would.
            loaded = KubernetesYaml.LoadAllFromString(manifest.Body.ToJsonString(), typeMap: null, strict: true).Single();
        }
        catch (KeyNotFoundException)
        {
            return [$"{manifest.Id}: {manifest.ApiVersion} {manifest.Kind} is not a Kubernetes API kind"];
        }
        catch (Exception ex) when (ex is YamlDotNet.Core.YamlException or InvalidOperationException or FormatException)
        {
            return [$"{manifest.Id}: {Reason(ex)}"];
        }

        var written = JsonNode.Parse(KubernetesJson.Serialize(loaded));
        var problems = new List<string>();
        CompareTypes(manifest.Body, written, "", manifest, problems);
        return problems;
    }

    private static string Reason(Exception ex)
    {
        var reasons = new List<string>();
        for (var e = ex; e is not null; e = e.InnerException)
        {
            reasons.Add(e is YamlDotNet.Core.YamlException yaml ? $"{yaml.Message} (at {yaml.Start})" : e.Message);
        }

        return string.Join(": ", reasons.Distinct());
    }

    private static void CompareTypes(JsonNode? original, JsonNode? written, string path, Manifest manifest, List<string> problems)
    {
        switch (original)
        {
            case null:
                return;
            case JsonObject originalObject:
                if (written is not JsonObject writtenObject)
                {
                    problems.Add($"{manifest.Id}: {path}: an object where the schema has {Describe(written)}");
                    return;
                }

                foreach (var (key, value) in originalObject)
                {
                    if (value is null) continue;
                    if (!writtenObject.TryGetPropertyValue(key, out var writtenValue))
                    {
                        problems.Add($"{manifest.Id}: {path}/{key}: not a field of the schema");
                        continue;
                    }

                    CompareTypes(value, writtenValue, $"{path}/{key}", manifest, problems);
                }

                return;
            case JsonArray originalArray:
                if (written is not JsonArray writtenArray || writtenArray.Count != originalArray.Count)
                {
                    problems.Add($"{manifest.Id}: {path}: a list where the schema has {Describe(written)}");
                    return;
                }

                for (var i = 0; i < originalArray.Count; i++)
                {
                    CompareTypes(originalArray[i], writtenArray[i], $"{path}/{i}", manifest, problems);
                }

                return;
            default:
                if (written is not JsonValue writtenValue2 || writtenValue2.GetValueKind() != original.GetValueKind()
                    || writtenValue2.ToJsonString() != original.ToJsonString())
                {
                    problems.Add($"{manifest.Id}: {path}: {original.ToJsonString()} is the wrong type or form for this field (read as {Describe(written)})");
                }

                return;
        }
    }

    private static string Describe(JsonNode? node) => node is null ? "nothing" : $"{node.GetValueKind()} {node.ToJsonString()}";
}
