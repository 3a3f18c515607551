using Microsoft.IdentityModel.JsonWebTokens;
using TicketTracking.Protos.Auth.V1;

namespace TicketTracking.Auth.Tests;

/// <summary>Key rotation: a new key signs after the rotation period, the old one stays published until its tokens expire.</summary>
public sealed class SigningKeyRotationTests(ClockedAuthFactory factory) : IClassFixture<ClockedAuthFactory>
{
    [Fact]
    public async Task After_a_rotation_both_keys_are_published_until_the_old_tokens_have_expired()
    {
        var keys = new SigningKeyService.SigningKeyServiceClient(factory.Channel);
        var user = await factory.CreateUserAsync();
        var before = new JsonWebToken((await factory.SignInAsync(user.Email)).AccessToken);
        (await keys.GetSigningKeysAsync(new GetSigningKeysRequest())).Keys.Select(k => k.Kid).ShouldBe([before.Kid]);

        factory.Clock.Advance(TimeSpan.FromDays(30));
        var after = new JsonWebToken((await factory.SignInAsync(user.Email)).AccessToken);
        var overlap = (await keys.GetSigningKeysAsync(new GetSigningKeysRequest())).Keys.Select(k => k.Kid).ToList();

        after.Kid.ShouldNotBe(before.Kid);
        overlap.ShouldBe([after.Kid, before.Kid], ignoreOrder: true);

        factory.Clock.Advance(TimeSpan.FromMinutes(6));
        (await keys.GetSigningKeysAsync(new GetSigningKeysRequest())).Keys.Select(k => k.Kid).ShouldBe([after.Kid]);
    }
}
