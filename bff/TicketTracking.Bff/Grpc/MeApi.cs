using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using TicketTracking.Protos.Bff.V1;
using TicketTracking.ServiceDefaults.Security;
using Auth = TicketTracking.Protos.Auth.V1;

namespace TicketTracking.Bff.Grpc;

/// <summary>The signed-in user's own account; Auth acts on the caller of the forwarded token.</summary>
public sealed class MeApi(Auth.UserService.UserServiceClient users, Auth.CredentialService.CredentialServiceClient credentials)
    : MeService.MeServiceBase
{
    public override async Task<Auth.User> GetMe(Empty request, ServerCallContext context) =>
        (await users.GetUserAsync(new Auth.GetUserRequest { Id = context.GetCaller().Id.ToString() }, cancellationToken: context.CancellationToken)).User;

    public override async Task<Auth.User> UpdateMe(UpdateMeRequest request, ServerCallContext context)
    {
        var update = new Auth.UpdateProfileRequest { Id = context.GetCaller().Id.ToString(), ExpectedVersion = request.ExpectedVersion };
        if (request.HasFirstName)
            update.FirstName = request.FirstName;
        if (request.HasLastName)
            update.LastName = request.LastName;
        if (request.HasPhone)
            update.Phone = request.Phone;
        return (await users.UpdateProfileAsync(update, cancellationToken: context.CancellationToken)).User;
    }

    public override async Task<Auth.GetTwoFactorSettingsResponse> GetTwoFactorSettings(Auth.GetTwoFactorSettingsRequest request, ServerCallContext context) =>
        await credentials.GetTwoFactorSettingsAsync(request, cancellationToken: context.CancellationToken);

    public override async Task<Auth.EnrollTotpResponse> EnrollTotp(Auth.EnrollTotpRequest request, ServerCallContext context) =>
        await credentials.EnrollTotpAsync(request, cancellationToken: context.CancellationToken);

    public override async Task<Auth.ConfirmTotpResponse> ConfirmTotp(Auth.ConfirmTotpRequest request, ServerCallContext context) =>
        await credentials.ConfirmTotpAsync(request, cancellationToken: context.CancellationToken);

    public override async Task<Auth.DisableTotpResponse> DisableTotp(Auth.DisableTotpRequest request, ServerCallContext context) =>
        await credentials.DisableTotpAsync(request, cancellationToken: context.CancellationToken);

    public override async Task<Auth.SetEmailOtpResponse> SetEmailOtp(Auth.SetEmailOtpRequest request, ServerCallContext context) =>
        await credentials.SetEmailOtpAsync(request, cancellationToken: context.CancellationToken);

    public override async Task<Auth.RegenerateRecoveryCodesResponse> RegenerateRecoveryCodes(Auth.RegenerateRecoveryCodesRequest request, ServerCallContext context) =>
        await credentials.RegenerateRecoveryCodesAsync(request, cancellationToken: context.CancellationToken);
}
