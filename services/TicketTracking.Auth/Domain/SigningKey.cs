namespace TicketTracking.Auth.Domain;

/// <summary>
/// An ES256 key pair that signs access tokens. The newest key signs; a retired key stays published in the JWKS until
/// the last token it signed has expired. The private key is stored encrypted with the key-encryption key.
/// </summary>
public sealed class SigningKey
{
    public SigningKey(string kid, string publicX, string publicY, byte[] encryptedPrivateKey, DateTimeOffset createdAt)
    {
        Kid = kid;
        PublicX = publicX;
        PublicY = publicY;
        EncryptedPrivateKey = encryptedPrivateKey;
        CreatedAt = createdAt;
    }

    public string Kid { get; private set; }

    /// <summary>Base64url coordinates of the public point (the JWK's <c>x</c> and <c>y</c>).</summary>
    public string PublicX { get; private set; }

    public string PublicY { get; private set; }

    public byte[] EncryptedPrivateKey { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>When it stopped signing (a newer key took over).</summary>
    public DateTimeOffset? RetiredAt { get; private set; }

    public void Retire(DateTimeOffset now) => RetiredAt ??= now;
}
