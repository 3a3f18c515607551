using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace TicketTracking.Eventing.Outbox;

/// <summary>
/// Tells this process's relay that outbox rows were committed, so it publishes at once instead of waiting for its next
/// look. In-process, with nothing on the write path: a NOTIFY in the writing transaction would make PostgreSQL take a
/// cluster-wide lock until that commit is flushed, queueing every other commit behind it.
/// </summary>
public sealed class OutboxSignal : IDisposable
{
    private readonly SemaphoreSlim _raised = new(0, 1);

    public void Raise()
    {
        try
        {
            _raised.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already raised and not yet seen: one wake-up covers every commit before it.
        }
    }

    /// <returns>True when raised within <paramref name="timeout"/>.</returns>
    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _raised.WaitAsync(timeout, cancellationToken);

    public void Dispose() => _raised.Dispose();
}

/// <summary>
/// Raises the <see cref="OutboxSignal"/> once a save that added outbox rows is committed: right after SaveChanges, or,
/// inside an explicit transaction, when that transaction commits (before, the relay could not see the rows yet).
/// </summary>
internal sealed class OutboxCommitInterceptor(OutboxSignal signal) : ISaveChangesInterceptor, IDbTransactionInterceptor
{
    // Contexts whose staged outbox rows are saved but not yet committed. Weak: a context that is gone needs no entry.
    private readonly ConditionalWeakTable<DbContext, object> _staged = [];

    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        NoteStaged(eventData.Context);
        return result;
    }

    public ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        NoteStaged(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        RaiseIfCommitted(eventData.Context);
        return result;
    }

    public ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        RaiseIfCommitted(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => RaiseIfStaged(eventData.Context);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        RaiseIfStaged(eventData.Context);
        return Task.CompletedTask;
    }

    public void SaveChangesFailed(DbContextErrorEventData eventData) => Forget(eventData.Context);

    public Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Forget(eventData.Context);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context);
        return Task.CompletedTask;
    }

    private void NoteStaged(DbContext? db)
    {
        if (db is not null && db.ChangeTracker.Entries<OutboxMessage>().Any(e => e.State == EntityState.Added))
            _staged.AddOrUpdate(db, this);
    }

    // SaveChanges commits its own transaction unless it runs inside one the caller opened.
    private void RaiseIfCommitted(DbContext? db)
    {
        if (db?.Database.CurrentTransaction is null)
            RaiseIfStaged(db);
    }

    private void Forget(DbContext? db)
    {
        if (db is not null)
            _staged.Remove(db);
    }

    private void RaiseIfStaged(DbContext? db)
    {
        if (db is not null && _staged.Remove(db))
            signal.Raise();
    }
}
