using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;

namespace TicketTracking.Testing;

/// <summary>A mail as the SMTP sink received it.</summary>
public sealed record SinkMessage(string Id, string Subject, IReadOnlyList<string> To);

/// <summary>The test SMTP sink (smtp4dev, started by `make test`): where the Notifications service sends, and what it received.</summary>
public static class SmtpSink
{
    public const string FromAddress = "tickettracking@example.test";

    private static readonly HttpClient Api = new() { BaseAddress = TestEnvironment.SmtpApi, Timeout = TimeSpan.FromSeconds(10) };

    /// <summary>Points a Notifications service at the sink (or at <paramref name="port"/>), in clear: the sink has no TLS.</summary>
    public static void SendThroughSink(this IWebHostBuilder builder, int? port = null)
    {
        builder.UseSetting("Smtp:Host", "127.0.0.1");
        builder.UseSetting("Smtp:Port", (port ?? TestEnvironment.SmtpPort).ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Smtp:Tls", "None");
        builder.UseSetting("Smtp:FromAddress", FromAddress);
    }

    /// <summary>A recipient address no other test uses, so a test sees only its own mail in the shared sink.</summary>
    public static string NewRecipient() => $"user-{Guid.NewGuid():N}@example.test";

    public static async Task<IReadOnlyList<SinkMessage>> MessagesToAsync(string address)
    {
        var page = await Api.GetFromJsonAsync<JsonElement>($"/api/messages?pageSize=1000&searchTerms={Uri.EscapeDataString(address)}");
        return page.GetProperty("results").EnumerateArray()
            .Select(m => new SinkMessage(
                m.GetProperty("id").GetString()!,
                m.GetProperty("subject").GetString()!,
                m.GetProperty("to").EnumerateArray().Select(to => to.GetString()!).ToList()))
            .Where(m => m.To.Contains(address, StringComparer.OrdinalIgnoreCase))
            .ToList();
    }

    /// <summary>
    /// The mail to <paramref name="address"/> once at least one has arrived: the sink stores a message a moment after
    /// the SMTP server accepted it, so "sent" does not yet mean "listed".
    /// </summary>
    public static async Task<IReadOnlyList<SinkMessage>> DeliveredToAsync(string address)
    {
        IReadOnlyList<SinkMessage> messages = [];
        await Eventually.Until(async () => (messages = await MessagesToAsync(address)).Count > 0, TimeSpan.FromSeconds(15));
        return messages;
    }

    public static Task<string> PlainTextAsync(string messageId) => Api.GetStringAsync($"/api/messages/{messageId}/plaintext");

    public static Task<string> HtmlAsync(string messageId) => Api.GetStringAsync($"/api/messages/{messageId}/html");
}
