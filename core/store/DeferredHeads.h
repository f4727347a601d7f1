#pragma once

#include <QList>
#include <QSqlDatabase>
#include <QString>

#include "core/store/AuditLog.h"
#include "core/store/EventFeed.h"
#include "core/util/Result.h"

namespace paydesk {

/// Within one transaction, holds back the writes to the single-row heads that every changing transaction touches
/// (audit_head through AuditLog::append, event_counter through EventFeed::append) until flush(), which the
/// transaction calls as its last statements before COMMIT.
///
/// Why: a head row is locked from its first write until commit, and every notification's transaction needs both,
/// so whoever holds them serialises all writers. Taken last, they are held for the last few statements and the
/// commit instead of for the whole transaction. Audit ids and event sequence numbers are still assigned under the
/// row lock inside the committing transaction, so the audit chain stays intact and the event sequence gapless and
/// in commit order. Audit entries are written before events: one lock order for every deferring transaction.
///
/// Held back, they are also written together: one read of the audit head and one INSERT for all of a transaction's
/// audit entries, one counter update and INSERT for all its events (AuditLog::appendMany, EventFeed::appendMany),
/// which is what lets a batch of notifications share one transaction cheaply.
///
/// Only callers that ignore the id or seq an append returns defer (service::audit, service::event, Transitions).
/// Deferral is per thread and per connection: it applies to work on the connection it was opened for.
class DeferredHeads final
{
public:
    explicit DeferredHeads(const QSqlDatabase& db);
    /// What was not flushed is dropped: the transaction is being rolled back.
    ~DeferredHeads();
    DeferredHeads(const DeferredHeads&) = delete;
    DeferredHeads& operator=(const DeferredHeads&) = delete;

    /// Writes the queued rows (audit first, then events, each in the order queued); later appends run at once.
    [[nodiscard]] Status flush();
    /// Queue the entry or event if a DeferredHeads is open for db's connection on this thread; false (nothing
    /// queued: write it now) if not.
    [[nodiscard]] static bool defer(const QSqlDatabase& db, const SqlDialect& dialect, const AuditEntry& entry);
    [[nodiscard]] static bool defer(const QSqlDatabase& db, const SqlDialect& dialect, const FeedEvent& event);

private:
    [[nodiscard]] static DeferredHeads* openFor(const QSqlDatabase& db, const SqlDialect& dialect);

    QSqlDatabase m_db;
    const SqlDialect* m_dialect = nullptr;
    DeferredHeads* m_outer = nullptr;
    bool m_open = true;
    QList<AuditEntry> m_audit;
    QList<FeedEvent> m_events;
};

} // namespace paydesk
