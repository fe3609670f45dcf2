using Clamator.Hosting;
using Microsoft.Extensions.Options;

namespace Clamator.OverMemory;

/// <summary>Validates <see cref="ClamatorMemoryOptions"/>, naming the setting by its configuration path.</summary>
internal sealed class MemoryOptionsValidator : IValidateOptions<ClamatorMemoryOptions>
{
    public ValidateOptionsResult Validate(string? name, ClamatorMemoryOptions options)
    {
        string section = ClamatorBuilder.SectionPathOf(name ?? Options.DefaultName);
        List<string> failures = [];
        if (options.ShutdownGrace < TimeSpan.Zero)
        {
            failures.Add($"{section}:ShutdownGrace must not be negative.");
        }

        if (options.MaxConcurrency < 1)
        {
            failures.Add($"{section}:MaxConcurrency must be at least 1.");
        }

        if (options.MaxEnvelopeBytes < 1)
        {
            failures.Add($"{section}:MaxEnvelopeBytes must be at least 1.");
        }

        if (options.DefaultTimeout <= TimeSpan.Zero)
        {
            failures.Add($"{section}:DefaultTimeout must be positive.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
