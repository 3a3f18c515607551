using System.ComponentModel.DataAnnotations;

namespace TicketTracking.Bff.Session;

/// <summary>The BFF's session settings (section <c>Bff</c>).</summary>
public sealed class BffOptions
{
    public const string Section = "Bff";

    /// <summary>
    /// Where the Data Protection keys that encrypt the session cookie live: a folder every BFF replica shares (a
    /// volume), so a restart or another replica can still read everyone's cookie.
    /// </summary>
    [Required(ErrorMessage = "Bff:DataProtectionKeysPath is missing: set it to a folder the BFF keeps its cookie keys in (shared by every replica).")]
    public string DataProtectionKeysPath { get; set; } = "";

    /// <summary>Cookies only over HTTPS. Turn off only where the front door speaks plain HTTP (`make run` on loopback).</summary>
    public bool SecureCookies { get; set; } = true;
}
