#pragma once

#include <QJsonObject>
#include <QList>
#include <QSqlDatabase>
#include <QString>

#include "core/store/Sql.h"
#include "core/util/Result.h"

namespace paydesk {

class SqlDialect;

/// One change, as consoles learn of it.
struct FeedEvent
{
    qint64 seq = 0;
    QString kind; ///< "payment.status", "refund.status", "payment.paid_after_close", ...
    QString entityType;
    qint64 entityId = 0;
    QJsonObject payload;
    qint64 createdAtMs = 0;
};

/// The `events` table: written in the same transaction as the change it describes, read "after N".
namespace EventFeed {

inline constexpr char kChannel[] = "paydesk_events"; ///< PostgreSQL NOTIFY channel

/// Appends an event inside the caller's open write transaction. The sequence comes from event_counter, which the
/// transaction then holds until it commits, so sequence order is commit order. Do it last in the transaction.
/// On PostgreSQL also queues a NOTIFY, which the server delivers only when the transaction commits.
/// Lock order, to keep concurrent writers free of deadlocks: entity rows first, then AuditLog::append (audit_head),
/// then events (event_counter) last. Transitions::applyInTransaction appends its event, so audit before it.
[[nodiscard]] Result<qint64> append(const QSqlDatabase& db,
    const SqlDialect& dialect,
    const QString& kind,
    const QString& entityType,
    qint64 entityId,
    const QJsonObject& payload,
    qint64 nowMs);

/// Appends several events (their seq is assigned, in the order given) with one statement per 16 events; on
/// PostgreSQL one NOTIFY per statement. Returns the last seq.
[[nodiscard]] Result<qint64> appendMany(
    const QSqlDatabase& db, const SqlDialect& dialect, const QList<FeedEvent>& events);

/// PostgreSQL: two CTEs, named `counter` and `inserted`, that take events.size() sequence numbers and insert the
/// events (RETURNING seq), for composing into a larger statement; the caller adds the NOTIFY.
[[nodiscard]] sql::Statement buildPgCtes(
    const QList<FeedEvent>& events, const QString& prefix, const QString& counter, const QString& inserted);

/// Events with seq > afterSeq, oldest first, at most `limit`.
[[nodiscard]] Result<QList<FeedEvent>> readAfter(const QSqlDatabase& db, qint64 afterSeq, int limit = 500);
/// The newest sequence number (0 when empty).
[[nodiscard]] Result<qint64> latestSeq(const QSqlDatabase& db);

} // namespace EventFeed

} // namespace paydesk
