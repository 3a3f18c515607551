using Google.Rpc;

namespace TicketTracking.ServiceDefaults.Grpc;

/// <summary>Collects every bad field of a request, so the caller gets all of them in one answer.</summary>
public sealed class FieldViolations
{
    private readonly List<BadRequest.Types.FieldViolation> _violations = [];

    public FieldViolations Required(string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
            Add(field, "is required.");
        return this;
    }

    public FieldViolations MaxLength(string field, string? value, int max)
    {
        if (value is not null && value.Length > max)
            Add(field, $"must be at most {max} characters.");
        return this;
    }

    public FieldViolations Uuid(string field, string? value, bool required = true)
    {
        if (string.IsNullOrEmpty(value))
        {
            if (required)
                Add(field, "is required.");
        }
        else if (!Guid.TryParse(value, out _))
        {
            Add(field, "must be a UUID.");
        }
        return this;
    }

    public FieldViolations Check(bool valid, string field, string description)
    {
        if (!valid)
            Add(field, description);
        return this;
    }

    public void Add(string field, string description) =>
        _violations.Add(new BadRequest.Types.FieldViolation { Field = field, Description = description });

    /// <summary>Throws InvalidArgument carrying every violation, if there is any.</summary>
    public void ThrowIfAny()
    {
        if (_violations.Count > 0)
            throw GrpcErrors.InvalidArgument(_violations);
    }
}
