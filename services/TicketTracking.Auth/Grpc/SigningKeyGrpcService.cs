using Grpc.Core;
using TicketTracking.Auth.Security;
using TicketTracking.Protos.Auth.V1;

namespace TicketTracking.Auth.Grpc;

public sealed class SigningKeyGrpcService(SigningKeyStore keys) : SigningKeyService.SigningKeyServiceBase
{
    public override Task<GetSigningKeysResponse> GetSigningKeys(GetSigningKeysRequest request, ServerCallContext context) =>
        keys.GetSigningKeysAsync(context.CancellationToken);
}
