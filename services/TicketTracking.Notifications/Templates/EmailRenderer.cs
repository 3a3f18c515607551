using System.Collections.Concurrent;
using System.Text.Encodings.Web;
using Fluid;
using Google.Protobuf.WellKnownTypes;
using TicketTracking.Notifications.Domain;

namespace TicketTracking.Notifications.Templates;

/// <summary>The template could not be turned into a mail: the mail is stored as FAILED with this message.</summary>
public sealed class EmailRenderingException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Renders a template with Fluid (Liquid). Strict: a variable or filter the template uses but the data lacks is an
/// error, so a mail never goes out with a hole where the reset link should be.
/// </summary>
public sealed class EmailRenderer
{
    private static readonly FluidParser Parser = new();
    private readonly ConcurrentDictionary<string, IFluidTemplate> _parsed = new();
    private readonly TemplateOptions _options = new()
    {
        StrictVariables = true,
        StrictFilters = true,
        TimeZone = TimeZoneInfo.Utc,
        // Admin-edited templates will run here too: a runaway loop must end.
        MaxSteps = 100_000,
    };

    public static bool IsKnown(string templateKey) => BuiltInTemplates.ByKey.ContainsKey(templateKey);

    /// <exception cref="EmailRenderingException">The template does not parse, or the data does not fit it.</exception>
    public async Task<RenderedEmail> RenderAsync(string templateKey, Struct? data)
    {
        var template = BuiltInTemplates.ByKey[templateKey];
        var values = TemplateData.From(data);
        var subject = string.Join(' ', (await RenderAsync(template.Subject, values, NullEncoder.Default))
            .Split((char[])['\r', '\n', '\t', ' '], StringSplitOptions.RemoveEmptyEntries));
        if (subject.Length == 0)
            throw new EmailRenderingException($"Template '{templateKey}': the subject rendered empty.");
        if (subject.Length > Email.MaxSubjectLength)
            subject = subject[..Email.MaxSubjectLength];
        return new RenderedEmail(
            subject,
            await RenderAsync(template.Text, values, NullEncoder.Default),
            await RenderAsync(template.Html, values, HtmlEncoder.Default));
    }

    private async Task<string> RenderAsync(string source, Dictionary<string, object?> values, TextEncoder encoder)
    {
        var template = _parsed.GetOrAdd(source, Parse);
        var context = new TemplateContext(_options);
        foreach (var (name, value) in values)
            context.SetValue(name, value);
        try
        {
            return await template.RenderAsync(context, encoder);
        }
        catch (Exception error) when (error is InvalidOperationException or FluidException)
        {
            throw new EmailRenderingException($"Rendering failed: {error.Message}", error);
        }
    }

    private static IFluidTemplate Parse(string source) =>
        Parser.TryParse(source, out var template, out var error)
            ? template
            : throw new EmailRenderingException($"The template does not parse: {error}");
}
