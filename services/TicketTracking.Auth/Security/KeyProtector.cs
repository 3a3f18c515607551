using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace TicketTracking.Auth.Security;

/// <summary>
/// Encrypts secrets at rest (signing keys' private parts, TOTP secrets) with AES-256-GCM under the key-encryption key
/// from the secret store, and derives purpose-bound keys from it.
/// </summary>
public sealed class KeyProtector(IOptions<AuthOptions> options)
{
    private const int NonceSize = 12;
    private const int TagSize = 16;

    private byte[] Kek => Convert.FromBase64String(options.Value.KeyEncryptionKey);

    /// <returns>nonce ‖ tag ‖ ciphertext.</returns>
    public byte[] Encrypt(ReadOnlySpan<byte> plaintext, string purpose)
    {
        var output = new byte[NonceSize + TagSize + plaintext.Length];
        var nonce = output.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(Kek, TagSize);
        aes.Encrypt(nonce, plaintext, output.AsSpan(NonceSize + TagSize), output.AsSpan(NonceSize, TagSize), Encoding.UTF8.GetBytes(purpose));
        return output;
    }

    public byte[] Decrypt(ReadOnlySpan<byte> sealedData, string purpose)
    {
        var plaintext = new byte[sealedData.Length - NonceSize - TagSize];
        using var aes = new AesGcm(Kek, TagSize);
        aes.Decrypt(sealedData[..NonceSize], sealedData[(NonceSize + TagSize)..], sealedData.Slice(NonceSize, TagSize), plaintext, Encoding.UTF8.GetBytes(purpose));
        return plaintext;
    }

    /// <summary>A key for one purpose (HKDF-SHA256), so no two uses share key material.</summary>
    public byte[] DeriveKey(string purpose) => HKDF.DeriveKey(HashAlgorithmName.SHA256, Kek, 32, info: Encoding.UTF8.GetBytes(purpose));
}
