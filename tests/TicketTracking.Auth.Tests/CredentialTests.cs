using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using OtpNet;
using TicketTracking.Auth.Domain;
using TicketTracking.Eventing.Outbox;
using TicketTracking.Protos.Auth.V1;
using TicketTracking.Protos.Events.V1;
using TicketTracking.Testing;

namespace TicketTracking.Auth.Tests;

/// <summary>Password change and reset, and the second factors: email OTP, TOTP and recovery codes.</summary>
public sealed class CredentialTests(ClockedAuthFactory factory) : IClassFixture<ClockedAuthFactory>
{
    private readonly CredentialService.CredentialServiceClient _anonymous = new(factory.Channel);
    private readonly SessionService.SessionServiceClient _sessions = new(factory.Channel);

    [Fact]
    public async Task Forgot_password_answers_the_same_for_unknown_and_known_addresses_and_mails_only_the_known()
    {
        var user = await factory.CreateUserAsync();
        Task<int> ResetMailsAsync() => factory.WithDatabase(db => db.Set<OutboxMessage>().CountAsync(m => m.Topic == "password-reset-requested"));
        var before = await ResetMailsAsync();

        var unknown = await _anonymous.ForgotPasswordAsync(new ForgotPasswordRequest { Email = "nobody-here@example.com" }).ResponseHeadersAsync;
        var afterUnknown = await ResetMailsAsync();
        var known = await _anonymous.ForgotPasswordAsync(new ForgotPasswordRequest { Email = user.Email }).ResponseHeadersAsync;

        unknown.Select(h => h.Key).Where(k => k != "date").ShouldBe(known.Select(h => h.Key).Where(k => k != "date"));
        afterUnknown.ShouldBe(before);
        (await factory.WithDatabase(db => db.Set<OutboxMessage>().CountAsync(m => m.Topic == "password-reset-requested" && m.AggregateId == user.Id.ToString()))).ShouldBe(1);
    }

    [Fact]
    public async Task A_reset_link_works_once_revokes_every_session_and_expires_after_an_hour()
    {
        var user = await factory.CreateUserAsync();
        var session = await factory.SignInAsync(user.Email);
        await _anonymous.ForgotPasswordAsync(new ForgotPasswordRequest { Email = user.Email });
        var token = AuthTestData.TokenOf((await factory.LatestEventAsync<PasswordResetRequested>("password-reset-requested", user.Id)).ResetUrl);

        await _anonymous.ResetPasswordAsync(new ResetPasswordRequest { ResetToken = token, NewPassword = "a brand new passphrase" });
        var second = await Should.ThrowAsync<RpcException>(() => _anonymous.ResetPasswordAsync(
            new ResetPasswordRequest { ResetToken = token, NewPassword = "yet another passphrase" }).ResponseAsync);

        second.Reason().ShouldBe("RESET_TOKEN_INVALID");
        (await factory.SignInAsync(user.Email, "a brand new passphrase")).AccessToken.ShouldNotBeEmpty();
        (await Should.ThrowAsync<RpcException>(() => _sessions.RefreshSessionAsync(
            new RefreshSessionRequest { RefreshToken = session.RefreshToken }).ResponseAsync)).StatusCode.ShouldBe(StatusCode.Unauthenticated);

        factory.Clock.Advance(TimeSpan.FromMinutes(2));
        await _anonymous.ForgotPasswordAsync(new ForgotPasswordRequest { Email = user.Email });
        var late = AuthTestData.TokenOf((await factory.LatestEventAsync<PasswordResetRequested>("password-reset-requested", user.Id)).ResetUrl);
        factory.Clock.Advance(TimeSpan.FromMinutes(61));
        (await Should.ThrowAsync<RpcException>(() => _anonymous.ResetPasswordAsync(
            new ResetPasswordRequest { ResetToken = late, NewPassword = "too late passphrase" }).ResponseAsync)).Reason().ShouldBe("RESET_TOKEN_INVALID");
    }

    [Fact]
    public async Task Changing_the_password_keeps_this_session_and_ends_the_others()
    {
        var user = await factory.CreateUserAsync();
        var here = await factory.SignInAsync(user.Email);
        var elsewhere = await factory.SignInAsync(user.Email);
        var credentials = new CredentialService.CredentialServiceClient(factory.ChannelWithToken(here.AccessToken));

        var wrong = await Should.ThrowAsync<RpcException>(() => credentials.ChangePasswordAsync(
            new ChangePasswordRequest { CurrentPassword = "not it at all", NewPassword = "my next passphrase" }).ResponseAsync);
        await credentials.ChangePasswordAsync(new ChangePasswordRequest { CurrentPassword = AuthTestData.Password, NewPassword = "my next passphrase" });

        wrong.ViolatedFields().ShouldBe(["current_password"]);
        (await _sessions.RefreshSessionAsync(new RefreshSessionRequest { RefreshToken = here.RefreshToken })).Tokens.ShouldNotBeNull();
        (await Should.ThrowAsync<RpcException>(() => _sessions.RefreshSessionAsync(
            new RefreshSessionRequest { RefreshToken = elsewhere.RefreshToken }).ResponseAsync)).StatusCode.ShouldBe(StatusCode.Unauthenticated);
    }

    [Fact]
    public async Task A_role_requiring_two_factor_sends_a_mailed_code_that_allows_three_wrong_guesses()
    {
        var roles = new RoleService.RoleServiceClient(await factory.AdminChannelAsync());
        var role = (await roles.CreateRoleAsync(new CreateRoleRequest { Name = $"Budget {Guid.NewGuid():N}"[..16], Permissions = { "reports.read" }, RequireTwoFactor = true })).Role;
        var user = await factory.CreateUserAsync(Guid.Parse(role.Id));

        var first = (await _sessions.LoginAsync(new LoginRequest { Email = user.Email, Password = AuthTestData.Password })).Challenge;
        first.Methods.ShouldBe([TwoFactorMethod.EmailOtp]);
        first.OtpSentTo.ShouldBe($"{user.Email[0]}***@example.com");
        var code = (await factory.LatestEventAsync<OtpRequested>("otp-requested", user.Id)).Code;
        code.Length.ShouldBe(6);
        var tokens = (await _sessions.VerifySecondFactorAsync(new VerifySecondFactorRequest
        {
            ChallengeToken = first.ChallengeToken, Method = TwoFactorMethod.EmailOtp, Code = code,
        })).Tokens;
        tokens.AccessToken.ShouldNotBeEmpty();

        var second = (await _sessions.LoginAsync(new LoginRequest { Email = user.Email, Password = AuthTestData.Password })).Challenge;
        var good = (await factory.LatestEventAsync<OtpRequested>("otp-requested", user.Id)).Code;
        var wrong = good == "000000" ? "111111" : "000000";
        var outcomes = new List<string?>();
        for (var i = 0; i < 3; i++)
        {
            var error = await Should.ThrowAsync<RpcException>(() => _sessions.VerifySecondFactorAsync(new VerifySecondFactorRequest
            {
                ChallengeToken = second.ChallengeToken, Method = TwoFactorMethod.EmailOtp, Code = wrong,
            }).ResponseAsync);
            outcomes.Add(error.Reason());
        }
        var afterwards = await Should.ThrowAsync<RpcException>(() => _sessions.VerifySecondFactorAsync(new VerifySecondFactorRequest
        {
            ChallengeToken = second.ChallengeToken, Method = TwoFactorMethod.EmailOtp, Code = good,
        }).ResponseAsync);

        outcomes.ShouldBe(["INVALID_ARGUMENT", "INVALID_ARGUMENT", "CHALLENGE_EXHAUSTED"]);
        afterwards.Reason().ShouldBe("CHALLENGE_EXPIRED");
    }

    [Fact]
    public async Task A_mailed_code_expires_after_five_minutes()
    {
        var user = await factory.CreateUserAsync();
        await factory.WithDatabase(db => db.Database.ExecuteSqlAsync($"UPDATE users SET email_otp_enabled = true WHERE id = {user.Id}"));
        var challenge = (await _sessions.LoginAsync(new LoginRequest { Email = user.Email, Password = AuthTestData.Password })).Challenge;
        var code = (await factory.LatestEventAsync<OtpRequested>("otp-requested", user.Id)).Code;

        factory.Clock.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));

        var error = await Should.ThrowAsync<RpcException>(() => _sessions.VerifySecondFactorAsync(new VerifySecondFactorRequest
        {
            ChallengeToken = challenge.ChallengeToken, Method = TwoFactorMethod.EmailOtp, Code = code,
        }).ResponseAsync);
        error.ViolatedFields().ShouldBe(["code"]);
    }

    [Fact]
    public async Task Totp_enrolled_from_the_qr_code_signs_in_and_a_recovery_code_works_once()
    {
        var user = await factory.CreateUserAsync();
        var credentials = new CredentialService.CredentialServiceClient(factory.ChannelWithToken((await factory.SignInAsync(user.Email)).AccessToken));
        var enrollment = await credentials.EnrollTotpAsync(new EnrollTotpRequest());
        enrollment.OtpauthUri.ShouldStartWith("otpauth://totp/");
        enrollment.QrCodePng.Take(4).ShouldBe(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' });
        var totp = new Totp(Base32Encoding.ToBytes(enrollment.Secret));

        var recovery = (await credentials.ConfirmTotpAsync(new ConfirmTotpRequest { Code = totp.ComputeTotp(factory.Clock.GetUtcNow().UtcDateTime) })).RecoveryCodes;
        recovery.Count.ShouldBe(10);

        factory.Clock.Advance(TimeSpan.FromSeconds(30));
        var challenge = (await _sessions.LoginAsync(new LoginRequest { Email = user.Email, Password = AuthTestData.Password })).Challenge;
        challenge.Methods.ShouldBe([TwoFactorMethod.Totp, TwoFactorMethod.RecoveryCode]);
        challenge.OtpSentTo.ShouldBeEmpty();
        (await _sessions.VerifySecondFactorAsync(new VerifySecondFactorRequest
        {
            ChallengeToken = challenge.ChallengeToken, Method = TwoFactorMethod.Totp, Code = totp.ComputeTotp(factory.Clock.GetUtcNow().UtcDateTime),
        })).Tokens.AccessToken.ShouldNotBeEmpty();

        async Task<RpcException?> WithRecoveryCode()
        {
            var next = (await _sessions.LoginAsync(new LoginRequest { Email = user.Email, Password = AuthTestData.Password })).Challenge;
            try
            {
                await _sessions.VerifySecondFactorAsync(new VerifySecondFactorRequest { ChallengeToken = next.ChallengeToken, Method = TwoFactorMethod.RecoveryCode, Code = recovery[0] });
                return null;
            }
            catch (RpcException error)
            {
                return error;
            }
        }
        (await WithRecoveryCode()).ShouldBeNull();
        (await WithRecoveryCode())!.ViolatedFields().ShouldBe(["code"]);
    }

    [Fact]
    public async Task A_totp_code_is_accepted_only_once()
    {
        var user = await factory.CreateUserAsync();
        var credentials = new CredentialService.CredentialServiceClient(factory.ChannelWithToken((await factory.SignInAsync(user.Email)).AccessToken));
        var totp = new Totp(Base32Encoding.ToBytes((await credentials.EnrollTotpAsync(new EnrollTotpRequest())).Secret));
        factory.Clock.Advance(TimeSpan.FromSeconds(30));
        var code = totp.ComputeTotp(factory.Clock.GetUtcNow().UtcDateTime);
        await credentials.ConfirmTotpAsync(new ConfirmTotpRequest { Code = code });

        var challenge = (await _sessions.LoginAsync(new LoginRequest { Email = user.Email, Password = AuthTestData.Password })).Challenge;
        var replay = await Should.ThrowAsync<RpcException>(() => _sessions.VerifySecondFactorAsync(new VerifySecondFactorRequest
        {
            ChallengeToken = challenge.ChallengeToken, Method = TwoFactorMethod.Totp, Code = code,
        }).ResponseAsync);

        replay.ViolatedFields().ShouldBe(["code"]);
    }
}
