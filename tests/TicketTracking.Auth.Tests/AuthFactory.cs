using TicketTracking.Auth.Data;
using TicketTracking.Testing;

namespace TicketTracking.Auth.Tests;

public class AuthFactory : AuthServiceFactory<AuthApp, AuthDbContext>;
