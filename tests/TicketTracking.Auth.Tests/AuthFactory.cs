using TicketTracking.Auth.Data;
using TicketTracking.Testing;

namespace TicketTracking.Auth.Tests;

public sealed class AuthFactory : ServiceFactory<AuthApp, AuthDbContext>;
