using Grpc.Core;
using TicketTracking.Protos.Bff.V1;
using Auth = TicketTracking.Protos.Auth.V1;

namespace TicketTracking.Bff.Grpc;

/// <summary>
/// Administration as REST: each call goes to Auth unchanged, with the signed-in user's token, and Auth decides
/// (users.manage, or what its RPC declares). Errors come back with their details, so forms show field errors.
/// </summary>
public sealed class AdminApi(
    Auth.UserService.UserServiceClient users, Auth.CredentialService.CredentialServiceClient credentials,
    Auth.RoleService.RoleServiceClient roles, Auth.DepartmentService.DepartmentServiceClient departments,
    Auth.ServiceAccountService.ServiceAccountServiceClient serviceAccounts, Auth.AuditService.AuditServiceClient audit)
    : AdminService.AdminServiceBase
{
    public override async Task<Auth.ListUsersResponse> ListUsers(Auth.ListUsersRequest request, ServerCallContext context) =>
        await users.ListUsersAsync(request, cancellationToken: context.CancellationToken);

    public override async Task<Auth.GetUserResponse> GetUser(Auth.GetUserRequest request, ServerCallContext context) =>
        await users.GetUserAsync(request, cancellationToken: context.CancellationToken);

    public override async Task<Auth.InviteUserResponse> InviteUser(Auth.InviteUserRequest request, ServerCallContext context) =>
        await users.InviteUserAsync(request, cancellationToken: context.CancellationToken);

    public override async Task<Auth.UpdateProfileResponse> UpdateUser(Auth.UpdateProfileRequest request, ServerCallContext context) =>
        await users.UpdateProfileAsync(request, cancellationToken: context.CancellationToken);

    public override async Task<Auth.ResendInvitationResponse> ResendInvitation(Auth.ResendInvitationRequest request, ServerCallContext context) =>
        await users.ResendInvitationAsync(request, cancellationToken: context.CancellationToken);

    public override async Task<Auth.ApproveUserResponse> ApproveUser(Auth.ApproveUserRequest request, ServerCallContext context) =>
        await users.ApproveUserAsync(request, cancellationToken: context.CancellationToken);

    public override async Task<Auth.RejectUserResponse> RejectUser(Auth.RejectUserRequest request, ServerCallContext context) =>
        await users.RejectUserAsync(request, cancellationToken: context.CancellationToken);

    public override async Task<Auth.DeactivateUserResponse> DeactivateUser(Auth.DeactivateUserRequest request, ServerCallContext context) =>
        await users.DeactivateUserAsync(request, cancellationToken: context.CancellationToken);

    public override async Task<Auth.ReactivateUserResponse> ReactivateUser(Auth.ReactivateUserRequest request, ServerCallContext context) =>
        await users.ReactivateUserAsync(request, cancellationToken: context.CancellationToken);

    public override async Task<Auth.UnlockUserResponse> UnlockUser(Auth.UnlockUserRequest request, ServerCallContext context) =>
        await users.UnlockUserAsync(request, cancellationToken: context.CancellationToken);

    public override async Task<Auth.ResetUserTwoFactorResponse> ResetUserTwoFactor(Auth.ResetUserTwoFactorRequest request, ServerCallContext context) =>
        await credentials.ResetUserTwoFactorAsync(request, cancellationToken: context.CancellationToken);

    public override async Task<Auth.ListPermissionsResponse> ListPermissions(Auth.ListPermissionsRequest request, ServerCallContext context) =>
        await roles.ListPermissionsAsync(request, cancellationToken: context.CancellationToken);

    public override async Task<Auth.ListRolesResponse> ListRoles(Auth.ListRolesRequest request, ServerCallContext context) =>
        await roles.ListRolesAsync(request, cancellationToken: context.CancellationToken);

    public override async Task<Auth.GetRoleResponse> GetRole(Auth.GetRoleRequest request, ServerCallContext context) =>
        await roles.GetRoleAsync(request, cancellationToken: context.CancellationToken);

    public override async Task<Auth.CreateRoleResponse> CreateRole(Auth.CreateRoleRequest request, ServerCallContext context) =>
        await roles.CreateRoleAsync(request, cancellationToken: context.CancellationToken);

    public override async Task<Auth.UpdateRoleResponse> UpdateRole(Auth.UpdateRoleRequest request, ServerCallContext context) =>
        await roles.UpdateRoleAsync(request, cancellationToken: context.CancellationToken);

    public override async Task<Auth.DeleteRoleResponse> DeleteRole(Auth.DeleteRoleRequest request, ServerCallContext context) =>
        await roles.DeleteRoleAsync(request, cancellationToken: context.CancellationToken);

    public override async Task<Auth.ListRoleMembersResponse> ListRoleMembers(Auth.ListRoleMembersRequest request, ServerCallContext context) =>
        await roles.ListRoleMembersAsync(request, cancellationToken: context.CancellationToken);

    public override async Task<Auth.AddRoleMemberResponse> AddRoleMember(Auth.AddRoleMemberRequest request, ServerCallContext context) =>
        await roles.AddRoleMemberAsync(request, cancellationToken: context.CancellationToken);

    public override async Task<Auth.RemoveRoleMemberResponse> RemoveRoleMember(Auth.RemoveRoleMemberRequest request, ServerCallContext context) =>
        await roles.RemoveRoleMemberAsync(request, cancellationToken: context.CancellationToken);

    public override async Task<Auth.CreateDepartmentResponse> CreateDepartment(Auth.CreateDepartmentRequest request, ServerCallContext context) =>
        await departments.CreateDepartmentAsync(request, cancellationToken: context.CancellationToken);

    public override async Task<Auth.UpdateDepartmentResponse> UpdateDepartment(Auth.UpdateDepartmentRequest request, ServerCallContext context) =>
        await departments.UpdateDepartmentAsync(request, cancellationToken: context.CancellationToken);

    public override async Task<Auth.ListServiceAccountsResponse> ListServiceAccounts(Auth.ListServiceAccountsRequest request, ServerCallContext context) =>
        await serviceAccounts.ListServiceAccountsAsync(request, cancellationToken: context.CancellationToken);

    public override async Task<Auth.CreateServiceAccountResponse> CreateServiceAccount(Auth.CreateServiceAccountRequest request, ServerCallContext context) =>
        await serviceAccounts.CreateServiceAccountAsync(request, cancellationToken: context.CancellationToken);

    public override async Task<Auth.UpdateServiceAccountResponse> UpdateServiceAccount(Auth.UpdateServiceAccountRequest request, ServerCallContext context) =>
        await serviceAccounts.UpdateServiceAccountAsync(request, cancellationToken: context.CancellationToken);

    public override async Task<Auth.RotateServiceAccountSecretResponse> RotateServiceAccountSecret(Auth.RotateServiceAccountSecretRequest request, ServerCallContext context) =>
        await serviceAccounts.RotateServiceAccountSecretAsync(request, cancellationToken: context.CancellationToken);

    public override async Task<Auth.ListAuditEventsResponse> ListAuditEvents(Auth.ListAuditEventsRequest request, ServerCallContext context) =>
        await audit.ListAuditEventsAsync(request, cancellationToken: context.CancellationToken);
}
