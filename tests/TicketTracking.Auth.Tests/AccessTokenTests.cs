using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using TicketTracking.Auth.Security;
using TicketTracking.Protos.Auth.V1;
using TicketTracking.Testing;

namespace TicketTracking.Auth.Tests;

/// <summary>
/// Every way an access token can be bad is refused before any handler runs. The probe is GetDepartment, which any
/// signed-in caller may use: a good token gets the department, a bad one Unauthenticated.
/// </summary>
public sealed class AccessTokenTests(ClockedAuthFactory factory) : IClassFixture<ClockedAuthFactory>
{
    private const string ItDepartment = "0193a5c0-0000-7000-8000-000000000001";

    [Fact]
    public async Task A_token_Auth_issued_is_accepted()
    {
        var token = await GoodTokenAsync();

        (await ProbeAsync(token)).ShouldBe(StatusCode.OK);
    }

    [Fact]
    public async Task An_expired_token_is_refused()
    {
        var token = await GoodTokenAsync();
        factory.Clock.Advance(TimeSpan.FromMinutes(6));

        (await ProbeAsync(token)).ShouldBe(StatusCode.Unauthenticated);
    }

    [Fact]
    public async Task A_token_for_another_audience_is_refused() =>
        (await ProbeAsync(await SignWithAuthKeyAsync(claims => claims["aud"] = "someone-else"))).ShouldBe(StatusCode.Unauthenticated);

    [Fact]
    public async Task A_token_from_another_issuer_is_refused() =>
        (await ProbeAsync(await SignWithAuthKeyAsync(claims => claims["iss"] = "https://evil.example.com"))).ShouldBe(StatusCode.Unauthenticated);

    [Fact]
    public async Task A_correctly_signed_token_with_the_expected_claims_passes_the_same_probe() =>
        (await ProbeAsync(await SignWithAuthKeyAsync(_ => { }))).ShouldBe(StatusCode.OK);

    [Fact]
    public async Task An_unsigned_alg_none_token_is_refused()
    {
        var good = new JsonWebToken(await GoodTokenAsync());
        var header = Base64UrlEncoder.Encode($$"""{"alg":"none","kid":"{{good.Kid}}","typ":"JWT"}""");

        (await ProbeAsync($"{header}.{good.EncodedPayload}.")).ShouldBe(StatusCode.Unauthenticated);
    }

    [Fact]
    public async Task An_HS256_token_signed_with_the_public_key_is_refused()
    {
        var good = new JsonWebToken(await GoodTokenAsync());
        var jwks = await new SigningKeyService.SigningKeyServiceClient(factory.Channel).GetSigningKeysAsync(new GetSigningKeysRequest());
        var publicKey = jwks.Keys.Single(k => k.Kid == good.Kid);
        var header = Base64UrlEncoder.Encode($$"""{"alg":"HS256","kid":"{{good.Kid}}","typ":"JWT"}""");
        var signingInput = $"{header}.{good.EncodedPayload}";
        var secret = Encoding.UTF8.GetBytes(publicKey.X + publicKey.Y);
        var signature = Base64UrlEncoder.Encode(HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes(signingInput)));

        (await ProbeAsync($"{signingInput}.{signature}")).ShouldBe(StatusCode.Unauthenticated);
    }

    [Fact]
    public async Task A_token_signed_by_an_unknown_key_is_refused()
    {
        using var strange = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var token = new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Claims = ClaimsOf(new JsonWebToken(await GoodTokenAsync())),
            SigningCredentials = new SigningCredentials(new ECDsaSecurityKey(strange) { KeyId = "not-a-key-of-auth" }, "ES256"),
        });

        (await ProbeAsync(token)).ShouldBe(StatusCode.Unauthenticated);
    }

    [Fact]
    public async Task A_token_whose_payload_was_changed_after_signing_is_refused()
    {
        var parts = (await GoodTokenAsync()).Split('.');
        var payload = JsonNode.Parse(Base64UrlEncoder.Decode(parts[1]))!.AsObject();
        payload["perm"] = new JsonArray("users.manage");

        (await ProbeAsync($"{parts[0]}.{Base64UrlEncoder.Encode(payload.ToJsonString())}.{parts[2]}")).ShouldBe(StatusCode.Unauthenticated);
    }

    [Fact]
    public async Task A_malformed_authorization_header_is_refused()
    {
        (await ProbeAsync("not.a.jwt")).ShouldBe(StatusCode.Unauthenticated);
        (await ProbeAsync("")).ShouldBe(StatusCode.Unauthenticated);
    }

    private async Task<string> GoodTokenAsync()
    {
        var user = await factory.CreateUserAsync();
        return (await factory.SignInAsync(user.Email)).AccessToken;
    }

    /// <summary>A token signed with Auth's real current key, from a good token's claims changed by <paramref name="change"/>.</summary>
    private async Task<string> SignWithAuthKeyAsync(Action<Dictionary<string, object>> change)
    {
        var claims = ClaimsOf(new JsonWebToken(await GoodTokenAsync()));
        change(claims);
        var credentials = await factory.Services.GetRequiredService<SigningKeyStore>().GetSigningCredentialsAsync(CancellationToken.None);
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor { Claims = claims, SigningCredentials = credentials });
    }

    /// <summary>A token's claims as a descriptor takes them: arrays stay arrays, times stay numbers.</summary>
    private static Dictionary<string, object> ClaimsOf(JsonWebToken token)
    {
        var claims = token.Claims.GroupBy(c => c.Type).ToDictionary(g => g.Key, g => g.Count() == 1 ? (object)g.Single().Value : g.Select(c => c.Value).ToArray());
        foreach (var registered in new[] { "exp", "iat", "nbf" })
            claims[registered] = long.Parse(token.GetClaim(registered).Value, System.Globalization.CultureInfo.InvariantCulture);
        return claims;
    }

    private async Task<StatusCode> ProbeAsync(string token)
    {
        var client = new DepartmentService.DepartmentServiceClient(factory.ChannelWithToken(token));
        try
        {
            await client.GetDepartmentAsync(new GetDepartmentRequest { Id = ItDepartment });
            return StatusCode.OK;
        }
        catch (RpcException error)
        {
            return error.StatusCode;
        }
    }
}
