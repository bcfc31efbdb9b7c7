using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace TokenPln.Deploy.Tests;

/// <summary>One Kubernetes object as it would reach the API server, and the file it came from.</summary>
public sealed record Manifest(string Source, JsonObject Body)
{
    public string ApiVersion => Workloads.Text(Body["apiVersion"]) ?? "";
    public string Kind => Workloads.Text(Body["kind"]) ?? "";
    public string Name => Workloads.Text(Body["metadata"]?["name"]) ?? "";
    public string Id => $"{Kind}/{Name} ({Source})";
}

/// <summary>
/// Reads YAML as the API server does (YAML 1.2 core schema: a quoted scalar is a string, a plain one is a number,
/// boolean or null when it looks like one), so a quoted number where an integer belongs stays a string and is refused.
/// </summary>
public static class Yaml
{
    public static List<JsonObject> ReadDocuments(string text, string source)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        var documents = new List<JsonObject>();
        foreach (var document in stream.Documents)
        {
            if (document.RootNode is YamlScalarNode { Value: null or "" } && document.RootNode.Tag.IsEmpty)
            {
                continue;
            }

            documents.Add(ToJson(document.RootNode, source) as JsonObject
                ?? throw new InvalidDataException($"{source}: a document is not a mapping"));
        }

        return documents;
    }

    public static JsonNode? ToJson(YamlNode node, string source) => node switch
    {
        YamlMappingNode mapping => ToObject(mapping, source),
        YamlSequenceNode sequence => new JsonArray(sequence.Children.Select(child => ToJson(child, source)).ToArray()),
        YamlScalarNode scalar => ToValue(scalar),
        _ => throw new InvalidDataException($"{source}: unsupported YAML node at {node.Start}"),
    };

    private static JsonObject ToObject(YamlMappingNode mapping, string source)
    {
        var json = new JsonObject();
        foreach (var (key, value) in mapping.Children)
        {
            var name = ((YamlScalarNode)key).Value ?? "";
            if (json.ContainsKey(name))
            {
                throw new InvalidDataException($"{source}: duplicate key '{name}' at {key.Start}");
            }

            json[name] = ToJson(value, source);
        }

        return json;
    }

    private static JsonNode? ToValue(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? "";
        if (scalar.Style is not (ScalarStyle.Plain or ScalarStyle.Any))
        {
            return JsonValue.Create(text);
        }

        return text switch
        {
            "" or "~" or "null" or "Null" or "NULL" => null,
            "true" or "True" or "TRUE" => JsonValue.Create(true),
            "false" or "False" or "FALSE" => JsonValue.Create(false),
            _ when long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer) => JsonValue.Create(integer),
            _ when System.Text.RegularExpressions.Regex.IsMatch(text, @"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")
                => JsonValue.Create(double.Parse(text, CultureInfo.InvariantCulture)),
            _ => JsonValue.Create(text),
        };
    }
}

/// <summary>
/// Renders a kustomization the way <c>kubectl apply -k</c> does, for the part of Kustomize that deploy/ uses:
/// <c>resources</c> (files, or directories with their own kustomization.yaml) and <c>images</c> (newName/newTag).
/// Any other field is refused, so deploy/ cannot grow a feature whose output this renderer would get wrong.
/// </summary>
public static class KustomizeRenderer
{
    private static readonly HashSet<string> Supported = ["apiVersion", "kind", "resources", "images"];

    public static List<Manifest> Render(string directory, string repositoryRoot)
    {
        var file = Path.Combine(directory, "kustomization.yaml");
        if (!File.Exists(file))
        {
            throw new InvalidDataException($"{Relative(directory, repositoryRoot)} has no kustomization.yaml");
        }

        var kustomization = Yaml.ReadDocuments(File.ReadAllText(file), file).Single();
        var unsupported = kustomization.Select(p => p.Key).Where(k => !Supported.Contains(k)).ToList();
        if (unsupported.Count > 0)
        {
            throw new InvalidDataException(
                $"{Relative(file, repositoryRoot)} uses {string.Join(", ", unsupported)}: only resources and images are rendered offline (deploy/README.md)");
        }

        if (Workloads.Text(kustomization["kind"]) != "Kustomization")
        {
            throw new InvalidDataException($"{Relative(file, repositoryRoot)} is not a Kustomization");
        }

        var manifests = new List<Manifest>();
        foreach (var resource in kustomization["resources"]?.AsArray().Select(r => (string)r!) ?? [])
        {
            var path = Path.GetFullPath(Path.Combine(directory, resource));
            if (Directory.Exists(path))
            {
                manifests.AddRange(Render(path, repositoryRoot));
            }
            else if (File.Exists(path))
            {
                var source = Relative(path, repositoryRoot);
                manifests.AddRange(Yaml.ReadDocuments(File.ReadAllText(path), source).Select(body => new Manifest(source, body)));
            }
            else
            {
                throw new InvalidDataException($"{Relative(file, repositoryRoot)} lists '{resource}', which does not exist");
            }
        }

        foreach (var image in kustomization["images"]?.AsArray().OfType<JsonObject>() ?? [])
        {
            SetImage(manifests, Workloads.Text(image["name"]) ?? "", Workloads.Text(image["newName"]), Workloads.Text(image["newTag"]));
        }

        var duplicates = manifests.GroupBy(m => (m.ApiVersion, m.Kind, m.Name, Workloads.Text(m.Body["metadata"]?["namespace"])))
            .Where(g => g.Count() > 1).Select(g => $"{g.Key.Kind}/{g.Key.Name}").ToList();
        if (duplicates.Count > 0)
        {
            throw new InvalidDataException($"{Relative(file, repositoryRoot)} renders {string.Join(", ", duplicates)} more than once");
        }

        return manifests;
    }

    private static void SetImage(List<Manifest> manifests, string name, string? newName, string? newTag)
    {
        foreach (var container in manifests.SelectMany(Workloads.Containers))
        {
            var image = Workloads.Text(container["image"]) ?? "";
            var (imageName, _) = SplitTag(image);
            if (imageName == name)
            {
                container["image"] = $"{newName ?? imageName}{(newTag is null ? SplitTag(image).Tag : ":" + newTag)}";
            }
        }
    }

    public static (string Name, string Tag) SplitTag(string image)
    {
        var slash = image.LastIndexOf('/');
        var colon = image.LastIndexOf(':');
        return colon > slash ? (image[..colon], image[colon..]) : (image, "");
    }

    public static string Relative(string path, string root) => Path.GetRelativePath(root, path).Replace('\\', '/');
}

public static class Workloads
{
    /// <summary>The pod template of a Deployment, StatefulSet, DaemonSet or Job; null for other kinds.</summary>
    public static JsonObject? PodTemplate(Manifest manifest) => manifest.Kind is "Deployment" or "StatefulSet" or "DaemonSet" or "Job"
        ? manifest.Body["spec"]?["template"] as JsonObject
        : null;

    public static IEnumerable<JsonObject> Containers(Manifest manifest)
    {
        var spec = PodTemplate(manifest)?["spec"];
        return (spec?["containers"]?.AsArray() ?? []).Concat(spec?["initContainers"]?.AsArray() ?? []).OfType<JsonObject>();
    }

    public static string? Annotation(JsonObject? template, string key) => Text(template?["metadata"]?["annotations"]?[key]);

    /// <summary>A value as text whatever its JSON type (a wrong type is the schema check's to report, not a crash here).</summary>
    public static string? Text(JsonNode? node) => node switch
    {
        null => null,
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        _ => node.ToJsonString(),
    };
}
