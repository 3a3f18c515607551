using TicketTracking.ServiceDefaults.Grpc;

namespace TicketTracking.Auth.Domain;

/// <summary>A person who signs in: requester, agent or admin, depending on the roles they hold.</summary>
public sealed class User
{
    public const int MaxNameLength = 100;
    public const int MaxEmailLength = 254;
    public const int MaxPhoneLength = 40;
    public const int MaxReasonLength = 1000;

    private User(Guid id, string email, string firstName, string lastName, string phone, Guid? departmentId, UserStatus status, DateTimeOffset createdAt)
    {
        Id = id;
        Email = email.Trim();
        NormalizedEmail = Normalize(email);
        FirstName = firstName.Trim();
        LastName = lastName.Trim();
        Phone = phone.Trim();
        DepartmentId = departmentId;
        Status = status;
        CreatedAt = createdAt;
        UpdatedAt = createdAt;
    }

    public Guid Id { get; private set; }

    public string Email { get; private set; }

    /// <summary>Lower-case email, unique: sign-in compares emails case-insensitively.</summary>
    public string NormalizedEmail { get; private set; }

    public string FirstName { get; private set; }

    public string LastName { get; private set; }

    public string DisplayName => $"{FirstName} {LastName}".Trim();

    public string Phone { get; private set; }

    public Guid? DepartmentId { get; private set; }

    public UserStatus Status { get; private set; }

    /// <summary>Null until the user has a password (an invited user before accepting).</summary>
    public string? PasswordHash { get; private set; }

    public List<Guid> RoleIds { get; private set; } = [];

    public string RejectionReason { get; private set; } = "";

    public int FailedSignInCount { get; private set; }

    /// <summary>When the current run of failed sign-ins began; failures older than the lockout window start a new run.</summary>
    public DateTimeOffset? FailedSignInWindowStart { get; private set; }

    public DateTimeOffset? LockedUntil { get; private set; }

    public bool EmailOtpEnabled { get; private set; }

    /// <summary>The TOTP secret, encrypted with the key-encryption key; active once <see cref="TotpEnabledAt"/> is set.</summary>
    public byte[]? TotpSecret { get; private set; }

    public DateTimeOffset? TotpEnabledAt { get; private set; }

    /// <summary>The RFC 6238 time step of the last TOTP code accepted: a code is good once, not for its whole window.</summary>
    public long TotpLastTimeStep { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public DateTimeOffset? ApprovedAt { get; private set; }

    public DateTimeOffset? LastSignInAt { get; private set; }

    /// <summary>PostgreSQL <c>xmin</c>.</summary>
    public uint Version { get; private set; }

    public bool InvitationPending => Status == UserStatus.Approved && PasswordHash is null;

    public bool CanSignIn => Status == UserStatus.Approved && PasswordHash is not null;

    public bool IsLocked(DateTimeOffset now) => LockedUntil > now;

    public bool TotpEnabled => TotpEnabledAt is not null;

    public static string Normalize(string email) => email.Trim().ToLowerInvariant();

    /// <summary>A requester signing up: waits, Pending, for an admin.</summary>
    public static User Register(string email, string firstName, string lastName, string phone, Guid? departmentId, string passwordHash, DateTimeOffset now) =>
        new(Ids.New(), email, firstName, lastName, phone, departmentId, UserStatus.Pending, now) { PasswordHash = passwordHash };

    /// <summary>An invited person: approved with the given roles, without a password until the invitation is accepted.</summary>
    public static User Invite(string email, string firstName, string lastName, string phone, Guid? departmentId, IEnumerable<Guid> roleIds, DateTimeOffset now) =>
        new(Ids.New(), email, firstName, lastName, phone, departmentId, UserStatus.Approved, now) { RoleIds = [.. roleIds.Distinct()], ApprovedAt = now };

    /// <summary>An administrator created from the command line (<c>create-admin</c>).</summary>
    public static User CreateAdministrator(string email, string firstName, string lastName, string passwordHash, DateTimeOffset now) =>
        new(Ids.New(), email, firstName, lastName, "", null, UserStatus.Approved, now)
        {
            PasswordHash = passwordHash,
            RoleIds = [BuiltInRoles.AdminId],
            ApprovedAt = now,
        };

    public void Approve(IEnumerable<Guid> roleIds, DateTimeOffset now)
    {
        Require(Status == UserStatus.Pending, "Only a pending registration can be approved.");
        Status = UserStatus.Approved;
        RoleIds = [.. roleIds.DefaultIfEmpty(BuiltInRoles.RequesterId).Distinct()];
        ApprovedAt = now;
        UpdatedAt = now;
    }

    public void Reject(string reason, DateTimeOffset now)
    {
        Require(Status == UserStatus.Pending, "Only a pending registration can be rejected.");
        Status = UserStatus.Rejected;
        RejectionReason = reason.Trim();
        UpdatedAt = now;
    }

    public void Deactivate(DateTimeOffset now)
    {
        Require(Status == UserStatus.Approved, "Only an active account can be deactivated.");
        Status = UserStatus.Deactivated;
        UpdatedAt = now;
    }

    public void Reactivate(DateTimeOffset now)
    {
        Require(Status == UserStatus.Deactivated, "Only a deactivated account can be reactivated.");
        Status = UserStatus.Approved;
        UpdatedAt = now;
    }

    public void SetPassword(string passwordHash, DateTimeOffset now)
    {
        PasswordHash = passwordHash;
        UpdatedAt = now;
    }

    public void UpdateProfile(string? firstName, string? lastName, string? phone, DateTimeOffset now)
    {
        FirstName = firstName?.Trim() ?? FirstName;
        LastName = lastName?.Trim() ?? LastName;
        Phone = phone?.Trim() ?? Phone;
        UpdatedAt = now;
    }

    public void ChangeDepartment(Guid? departmentId, DateTimeOffset now)
    {
        DepartmentId = departmentId;
        UpdatedAt = now;
    }

    public void ChangeEmail(string email, DateTimeOffset now)
    {
        Email = email.Trim();
        NormalizedEmail = Normalize(email);
        UpdatedAt = now;
    }

    public void AddRole(Guid roleId, DateTimeOffset now)
    {
        if (!RoleIds.Contains(roleId))
            RoleIds = [.. RoleIds, roleId];
        UpdatedAt = now;
    }

    public void RemoveRole(Guid roleId, DateTimeOffset now)
    {
        RoleIds = [.. RoleIds.Where(id => id != roleId)];
        UpdatedAt = now;
    }

    /// <summary>Counts a failed sign-in; returns true when this failure locks the account.</summary>
    public bool RecordFailedSignIn(LockoutPolicy policy, DateTimeOffset now)
    {
        if (FailedSignInWindowStart is not { } start || now - start > policy.Window)
        {
            FailedSignInWindowStart = now;
            FailedSignInCount = 0;
        }
        FailedSignInCount++;
        if (FailedSignInCount < policy.MaxFailedAttempts)
            return false;
        LockedUntil = now + policy.Duration;
        FailedSignInCount = 0;
        FailedSignInWindowStart = null;
        return true;
    }

    public void RecordSignIn(DateTimeOffset now)
    {
        FailedSignInCount = 0;
        FailedSignInWindowStart = null;
        LastSignInAt = now;
    }

    public void Unlock(DateTimeOffset now)
    {
        LockedUntil = null;
        FailedSignInCount = 0;
        FailedSignInWindowStart = null;
        UpdatedAt = now;
    }

    public void SetEmailOtp(bool enabled, DateTimeOffset now)
    {
        EmailOtpEnabled = enabled;
        UpdatedAt = now;
    }

    /// <summary>Stores a new TOTP secret that becomes active only when confirmed.</summary>
    public void StartTotpEnrollment(byte[] encryptedSecret, DateTimeOffset now)
    {
        TotpSecret = encryptedSecret;
        TotpEnabledAt = null;
        UpdatedAt = now;
    }

    public void ConfirmTotp(DateTimeOffset now)
    {
        Require(TotpSecret is not null, "Start TOTP enrollment first.");
        TotpEnabledAt = now;
        UpdatedAt = now;
    }

    /// <summary>Accepts a TOTP code's time step once; false when that step (or a later one) was used already.</summary>
    public bool UseTotpTimeStep(long timeStep)
    {
        if (timeStep <= TotpLastTimeStep)
            return false;
        TotpLastTimeStep = timeStep;
        return true;
    }

    public void DisableTotp(DateTimeOffset now)
    {
        TotpSecret = null;
        TotpEnabledAt = null;
        UpdatedAt = now;
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
            throw new RuleViolationException("status", message, "USER_STATUS");
    }
}

/// <summary>How many failed sign-ins within what window lock an account, and for how long.</summary>
public sealed record LockoutPolicy(int MaxFailedAttempts, TimeSpan Window, TimeSpan Duration);
