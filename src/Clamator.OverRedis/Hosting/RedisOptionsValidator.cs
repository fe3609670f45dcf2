using Clamator.Hosting;
using Microsoft.Extensions.Options;

namespace Clamator.OverRedis;

/// <summary>Validates <see cref="ClamatorRedisOptions"/> with the Redis transport's own rules, naming the setting by its configuration path.</summary>
internal sealed class RedisOptionsValidator : IValidateOptions<ClamatorRedisOptions>
{
    public ValidateOptionsResult Validate(string? name, ClamatorRedisOptions options)
    {
        string section = ClamatorBuilder.SectionPathOf(name ?? Options.DefaultName);
        if (string.IsNullOrWhiteSpace(options.KeyPrefix))
        {
            return ValidateOptionsResult.Fail($"{section}:KeyPrefix is required.");
        }

        if (options.HealthMaxPending < 0 || options.HealthMaxLag < 0)
        {
            return ValidateOptionsResult.Fail(
                $"{section}:{(options.HealthMaxPending < 0 ? nameof(options.HealthMaxPending) : nameof(options.HealthMaxLag))} must be 0 or more.");
        }

        try
        {
            RedisTransportOptions.Validated(options.Server);
            RedisTransportOptions.Validated(options.Client);
            return ValidateOptionsResult.Success;
        }
        catch (ArgumentException ex)
        {
            string setting = ex.ParamName is { Length: > 0 } param ? $"{section}:{param}" : section;
            return ValidateOptionsResult.Fail($"{setting} is invalid: {ex.Message}");
        }
    }
}
