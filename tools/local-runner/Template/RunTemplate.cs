using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace TokenPln.LocalRunner.Template;

/// <summary>
/// The Dapr multi-app run template (<c>dapr.yaml</c>). Keys the runner cannot honour are rejected at start
/// rather than ignored, so a run here never silently differs from <c>dapr run -f .</c>.
/// </summary>
public sealed class RunTemplate
{
    public required string TemplateDirectory { get; init; }
    public required IReadOnlyList<AppSpec> Apps { get; init; }

    /// <summary>The nearest <c>dapr.yaml</c> at or above <paramref name="directory"/>: <c>dotnet run</c> starts in the project folder.</summary>
    public static string FindNearest(string directory)
    {
        for (var current = new DirectoryInfo(directory); current is not null; current = current.Parent)
        {
            var candidate = Path.Combine(current.FullName, "dapr.yaml");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new RunnerConfigurationException($"No dapr.yaml in {directory} or above it; pass --file.");
    }

    public static RunTemplate Load(string path)
    {
        var fullPath = Path.GetFullPath(path);
        if (!File.Exists(fullPath))
        {
            throw new RunnerConfigurationException($"{fullPath} does not exist.");
        }

        var directory = Path.GetDirectoryName(fullPath)!;
        var deserializer = new DeserializerBuilder().WithNamingConvention(CamelCaseNamingConvention.Instance).Build();
        RunFile file;
        try
        {
            file = deserializer.Deserialize<RunFile>(File.ReadAllText(fullPath));
        }
        catch (YamlDotNet.Core.YamlException ex)
        {
            throw new RunnerConfigurationException($"{fullPath}: {ex.Message} {ex.InnerException?.Message}");
        }

        if (file.Version != 1)
        {
            throw new RunnerConfigurationException($"{fullPath}: 'version: 1' is required.");
        }

        if (file.Apps is not { Count: > 0 })
        {
            throw new RunnerConfigurationException($"{fullPath}: no apps.");
        }

        var common = file.Common ?? new AppSettings();
        var apps = file.Apps.Select(app => Resolve(app, common, directory)).ToList();
        var duplicate = apps.GroupBy(a => a.AppId).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new RunnerConfigurationException($"{fullPath}: app id '{duplicate.Key}' appears twice.");
        }

        return new RunTemplate { TemplateDirectory = directory, Apps = apps };
    }

    /// <summary>The template restricted to <paramref name="appIds"/>; all apps when none are named.</summary>
    public RunTemplate Only(IReadOnlyList<string> appIds)
    {
        if (appIds.Count == 0) return this;
        var unknown = appIds.Except(Apps.Select(a => a.AppId)).ToList();
        if (unknown.Count > 0)
        {
            throw new RunnerConfigurationException($"--app {string.Join(", ", unknown)}: not in the template.");
        }

        return new RunTemplate { TemplateDirectory = TemplateDirectory, Apps = Apps.Where(a => appIds.Contains(a.AppId)).ToList() };
    }

    private static AppSpec Resolve(AppSettings app, AppSettings common, string templateDirectory)
    {
        if (string.IsNullOrWhiteSpace(app.AppDirPath))
        {
            throw new RunnerConfigurationException("Every app needs appDirPath.");
        }

        var appDirectory = Path.GetFullPath(app.AppDirPath, templateDirectory);
        var appId = app.AppId ?? new DirectoryInfo(appDirectory).Name;
        RejectUnsupported(appId, app);
        RejectUnsupported(appId, common);

        var protocol = app.AppProtocol ?? common.AppProtocol ?? "http";
        if (protocol != "http")
        {
            throw new RunnerConfigurationException($"{appId}: appProtocol '{protocol}' is not supported by the local runner (http only).");
        }

        // Per-app paths are relative to appDirPath, common ones to the template, as in the Dapr CLI.
        var resources = app.ResourcePaths().Select(p => Path.GetFullPath(p, appDirectory)).ToList();
        if (resources.Count == 0)
        {
            resources = common.ResourcePaths().Select(p => Path.GetFullPath(p, templateDirectory)).ToList();
        }

        var configFile = app.ConfigFilePath is not null
            ? Path.GetFullPath(app.ConfigFilePath, appDirectory)
            : common.ConfigFilePath is not null ? Path.GetFullPath(common.ConfigFilePath, templateDirectory) : null;

        var env = new Dictionary<string, string>(common.Env ?? [], StringComparer.Ordinal);
        foreach (var (key, value) in app.Env ?? [])
        {
            env[key] = value;
        }

        return new AppSpec
        {
            AppId = appId,
            AppDirectory = appDirectory,
            AppPort = app.AppPort,
            DaprHttpPort = app.DaprHttpPort,
            DaprGrpcPort = app.DaprGrpcPort,
            MetricsPort = app.MetricsPort,
            AppChannelAddress = app.AppChannelAddress ?? "127.0.0.1",
            Command = app.Command ?? [],
            Env = env,
            ResourcesPaths = resources,
            ConfigFile = configFile,
            MaxBodyBytes = ParseSize(app.MaxBodySize ?? common.MaxBodySize) ?? 4 * 1024 * 1024,
        };
    }

    private static void RejectUnsupported(string appId, AppSettings settings)
    {
        var unsupported = new List<string>();
        if (settings.EnableAppHealthCheck == true) unsupported.Add("enableAppHealthCheck");
        if (settings.UnixDomainSocket is not null) unsupported.Add("unixDomainSocket");
        if (settings.AppSsl == true) unsupported.Add("appSSL");
        if (settings.AppMaxConcurrency is > 0) unsupported.Add("appMaxConcurrency");
        if (unsupported.Count > 0)
        {
            throw new RunnerConfigurationException(
                $"{appId}: {string.Join(", ", unsupported)} cannot be honoured by the local runner; remove it or use `dapr run -f .`.");
        }
    }

    internal static long? ParseSize(string? size)
    {
        if (string.IsNullOrWhiteSpace(size)) return null;
        var units = new (string Suffix, long Factor)[] { ("Ki", 1024), ("Mi", 1024 * 1024), ("Gi", 1024L * 1024 * 1024), ("", 1) };
        foreach (var (suffix, factor) in units)
        {
            if (size.EndsWith(suffix, StringComparison.Ordinal) && long.TryParse(size[..^suffix.Length], out var value))
            {
                return value * factor;
            }
        }

        throw new RunnerConfigurationException($"Size '{size}' is not a quantity such as 4Mi.");
    }

    private sealed class RunFile
    {
        public int Version { get; set; }
        public AppSettings? Common { get; set; }
        public List<AppSettings>? Apps { get; set; }
    }
}

/// <summary>Keys of a template app or of <c>common</c>; unknown keys fail deserialization.</summary>
internal sealed class AppSettings
{
    [YamlMember(Alias = "appID")] public string? AppId { get; set; }
    public string? AppDirPath { get; set; }
    public int? AppPort { get; set; }
    [YamlMember(Alias = "daprHTTPPort")] public int? DaprHttpPort { get; set; }
    [YamlMember(Alias = "daprGRPCPort")] public int? DaprGrpcPort { get; set; }
    [YamlMember(Alias = "daprInternalGRPCPort")] public int? DaprInternalGrpcPort { get; set; }
    public int? MetricsPort { get; set; }
    public string? AppChannelAddress { get; set; }
    public List<string>? Command { get; set; }
    public Dictionary<string, string>? Env { get; set; }
    public string? ResourcesPath { get; set; }
    public List<string>? ResourcesPaths { get; set; }
    public string? ConfigFilePath { get; set; }
    public string? AppProtocol { get; set; }
    public string? LogLevel { get; set; }
    public bool? EnableApiLogging { get; set; }
    public string? AppLogDestination { get; set; }
    public string? DaprdLogDestination { get; set; }
    public bool? EnableAppHealthCheck { get; set; }
    public string? AppHealthCheckPath { get; set; }
    public int? AppHealthProbeInterval { get; set; }
    public int? AppHealthProbeTimeout { get; set; }
    public int? AppHealthThreshold { get; set; }
    public int? AppMaxConcurrency { get; set; }
    public string? MaxBodySize { get; set; }
    public string? ReadBufferSize { get; set; }
    public string? UnixDomainSocket { get; set; }
    [YamlMember(Alias = "appSSL")] public bool? AppSsl { get; set; }
    public string? RuntimePath { get; set; }
    public string? PlacementHostAddress { get; set; }
    public string? SchedulerHostAddress { get; set; }

    public IEnumerable<string> ResourcePaths() =>
        (ResourcesPaths ?? []).Concat(ResourcesPath is null ? [] : [ResourcesPath]).Distinct();
}

public sealed class AppSpec
{
    public required string AppId { get; init; }
    public required string AppDirectory { get; init; }
    public int? AppPort { get; set; }
    public int? DaprHttpPort { get; set; }
    public int? DaprGrpcPort { get; set; }
    public int? MetricsPort { get; init; }
    public required string AppChannelAddress { get; init; }
    public required IReadOnlyList<string> Command { get; init; }
    public required Dictionary<string, string> Env { get; init; }
    public required IReadOnlyList<string> ResourcesPaths { get; init; }
    public string? ConfigFile { get; init; }
    public long MaxBodyBytes { get; init; }

    /// <summary>Which instance of the app this is, from 1; <c>--replicas</c> starts more than one.</summary>
    public int Instance { get; init; } = 1;

    /// <summary>The instance's identity (<c>Instance__Id</c>, Dapr's <c>{podName}</c>): <c>&lt;app-id&gt;-&lt;n&gt;</c>.</summary>
    public string InstanceId => $"{AppId}-{Instance}";

    /// <summary>Another instance of this app: the same command, settings and resources, on ports of its own (assigned later).</summary>
    public AppSpec WithInstance(int instance) => new()
    {
        AppId = AppId,
        AppDirectory = AppDirectory,
        AppPort = AppPort is null ? null : 0,
        MetricsPort = null,
        AppChannelAddress = AppChannelAddress,
        Command = Command,
        Env = new Dictionary<string, string>(Env, StringComparer.Ordinal),
        ResourcesPaths = ResourcesPaths,
        ConfigFile = ConfigFile,
        MaxBodyBytes = MaxBodyBytes,
        Instance = instance,
    };

    /// <summary>A <c>dotnet run</c> command is replaced by the built assembly, so the runner builds once.</summary>
    public bool IsDotnetRun => Command.Count >= 2 && Command[0] == "dotnet" && Command[1] == "run";
}

public sealed class RunnerConfigurationException(string message) : Exception(message);
