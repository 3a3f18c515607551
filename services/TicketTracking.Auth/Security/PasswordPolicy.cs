using System.Reflection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using TicketTracking.Auth.Domain;
using TicketTracking.ServiceDefaults.Grpc;

namespace TicketTracking.Auth.Security;

/// <summary>
/// Password rules (a minimum length and no commonly used passwords, as NIST SP 800-63B advises, instead of
/// composition rules) and hashing with ASP.NET Core Identity's hasher (PBKDF2-HMAC-SHA512, 100,000 iterations).
/// </summary>
public sealed class PasswordPolicy(IOptions<AuthOptions> options)
{
    public const int MaxLength = 128;

    private static readonly Lazy<HashSet<string>> Common = new(LoadCommonPasswords);
    private readonly PasswordHasher<User> _hasher = new();

    /// <summary>A hash of nothing anyone can type, verified when the email is unknown so both answers take as long.</summary>
    private readonly Lazy<string> _decoyHash = new(() => new PasswordHasher<User>().HashPassword(null!, SecretTokens.New()));

    /// <summary>Adds the reasons <paramref name="password"/> is unacceptable, under <paramref name="field"/>.</summary>
    public FieldViolations Check(FieldViolations violations, string field, string password, string email)
    {
        var min = options.Value.PasswordMinLength;
        if (password.Length < min)
            violations.Add(field, $"must be at least {min} characters.");
        else if (password.Length > MaxLength)
            violations.Add(field, $"must be at most {MaxLength} characters.");
        else if (Common.Value.Contains(password.ToLowerInvariant()) || password.Distinct().Count() <= 2)
            violations.Add(field, "is too common or too easy to guess; choose another.");
        else if (email.Split('@')[0] is { Length: >= 4 } local && password.Contains(local, StringComparison.OrdinalIgnoreCase))
            violations.Add(field, "must not contain your email address.");
        return violations;
    }

    public string Hash(string password) => _hasher.HashPassword(null!, password);

    /// <summary>Checks a password against a stored hash (constant-time inside the hasher); null hash = decoy check, false.</summary>
    public bool Verify(string? hash, string password)
    {
        if (hash is null)
        {
            _hasher.VerifyHashedPassword(null!, _decoyHash.Value, password);
            return false;
        }
        return _hasher.VerifyHashedPassword(null!, hash, password) != PasswordVerificationResult.Failed;
    }

    private static HashSet<string> LoadCommonPasswords()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("TicketTracking.Auth.Security.common-passwords.txt")!;
        using var reader = new StreamReader(stream);
        return [.. reader.ReadToEnd().Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#'))];
    }
}
