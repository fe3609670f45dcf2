using System.CommandLine;
using System.CommandLine.Parsing;
using Clamator.OverRedis;

namespace Clamator.Cli;

/// <summary>The options every command shares (<c>--url</c>, <c>--prefix</c>) and the kinds several commands take.</summary>
internal sealed class CliOptions
{
    public const string DefaultUrl = "redis://localhost:6379";

    public const string DefaultPrefix = "clamator";

    private readonly string _defaultUrl;

    public CliOptions(CliConsole console)
    {
        // No DefaultValueFactory: the help would print the default as it is, password and all. The default is read when a
        // command runs (UrlOf), and the help shows it with the password masked.
        string? fromEnvironment = console.Environment("REDIS_URL") is { Length: > 0 } url ? url : null;
        _defaultUrl = fromEnvironment ?? DefaultUrl;
        Url = new Option<string>("--url")
        {
            Description = "Redis URL, redis://[user:password@]host[:port][/db] or rediss:// "
                + (fromEnvironment is null ? $"[default: $REDIS_URL when set, else {DefaultUrl}]"
                    : $"[default: $REDIS_URL, here {Secrets.RedactUrl(fromEnvironment)}]"),
            HelpName = "url",
            Recursive = true,
            Validators = { result => Refuse(result, InvalidUrl) },
        };
        Prefix = new Option<string>("--prefix")
        {
            Description = "The deployment's KeyPrefix",
            HelpName = "prefix",
            Recursive = true,
            DefaultValueFactory = _ => DefaultPrefix,
            Validators = { result => Refuse(result, p => string.IsNullOrWhiteSpace(p) ? "--prefix must not be empty." : null) },
        };
    }

    /// <summary><c>--url</c>, on every command; read it with <see cref="UrlOf"/>.</summary>
    public Option<string> Url { get; }

    /// <summary><c>--prefix</c>, on every command.</summary>
    public Option<string> Prefix { get; }

    /// <summary>The <c>--url</c> given, else <c>$REDIS_URL</c>, else <see cref="DefaultUrl"/>.</summary>
    public string UrlOf(ParseResult result) => result.GetValue(Url) ?? _defaultUrl;

    /// <summary>Why <paramref name="url"/> is not a Redis URL, or <see langword="null"/>.</summary>
    public static string? InvalidUrl(string url)
    {
        try
        {
            _ = RedisUrl.Parse(url);
            return null;
        }
        catch (ArgumentException e)
        {
            return e.Message.Replace($" (Parameter '{e.ParamName}')", string.Empty, StringComparison.Ordinal);
        }
    }

    /// <summary><c>--json</c>: the command's output as JSON of the documented schema.</summary>
    public static Option<bool> Json() => new("--json") { Description = "Write JSON (the schema is in docs/cli.md) instead of tables" };

    /// <summary><c>--yes</c>: no confirmation asked.</summary>
    public static Option<bool> Yes() => new("--yes", "-y") { Description = "Do it without asking (needed when stdin is not a terminal)" };

    /// <summary>The <c>&lt;service&gt;</c> argument, refused unless it is a valid service name.</summary>
    public static Argument<string> Service() => new("service")
    {
        Description = "The service (the part after <prefix>:cmds:)",
        Validators = { result => Refuse(result, s => RpcNames.IsValidService(s) ? null : $"'{s}' is not a service name (^[a-z][a-z0-9-]*$).") },
    };

    /// <summary>
    /// A duration option (<c>500ms</c>, <c>5s</c>, <c>10m</c>, <c>1h</c>, <c>2d</c>), kept as its text so the help shows the
    /// default as it is typed; read it with <see cref="DurationOf"/>.
    /// </summary>
    public static Option<string> Duration(string name, string description, string defaultValue, bool allowZero = false)
    {
        var option = new Option<string>(name) { Description = description, HelpName = "duration", DefaultValueFactory = _ => defaultValue };
        option.Validators.Add(result =>
        {
            if (result.Tokens is [{ Value: var text }]
                && !(Durations.Parse(text) is { } span && (span > TimeSpan.Zero || (allowZero && span == TimeSpan.Zero))))
            {
                result.AddError($"{name} takes a {(allowZero ? string.Empty : "positive ")}duration such as 500ms, 5s, 10m, 1h or 2d (got '{text}').");
            }
        });
        return option;
    }

    /// <summary>The value of a <see cref="Duration"/> option, which its validator has checked.</summary>
    public static TimeSpan DurationOf(ParseResult result, Option<string> option) =>
        Durations.Parse(result.GetRequiredValue(option)) ?? throw new ArgumentException($"{option.Name} is not a duration.");

    private static void Refuse(SymbolResult result, Func<string, string?> problem)
    {
        if (result.Tokens is [{ Value: var value }] && problem(value) is { } message)
        {
            result.AddError(message);
        }
    }
}
