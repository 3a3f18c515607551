using TicketTracking.Auth.Security;

namespace TicketTracking.Auth.Grpc;

public static class JwksEndpoint
{
    /// <summary>The public signing keys as a standard JWKS document (RFC 7517), for tools that speak HTTP, not gRPC.</summary>
    public static IEndpointRouteBuilder MapJwks(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/.well-known/jwks.json", async (SigningKeyStore keys, HttpContext http) =>
        {
            var response = await keys.GetSigningKeysAsync(http.RequestAborted);
            http.Response.Headers.CacheControl = $"public, max-age={(int)response.CacheFor.ToTimeSpan().TotalSeconds}";
            return Results.Json(new
            {
                keys = response.Keys.Select(k => new { kid = k.Kid, kty = k.Kty, crv = k.Crv, x = k.X, y = k.Y, alg = k.Alg, use = k.Use }),
            });
        });
        return endpoints;
    }
}
