#pragma once

#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QSqlDatabase>
#include <QString>
#include <QVariant>

#include "core/domain/StateMachine.h"
#include "core/store/EventFeed.h"
#include "core/store/Sql.h"
#include "core/util/Result.h"

namespace paydesk {

class Clock;
class Database;
class SqlDialect;

/// One state change of a payment, refund or sale.
struct TransitionSpec
{
    domain::EntityType entity = domain::EntityType::Payment;
    qint64 id = 0;
    domain::State from; ///< a state of `entity`'s machine (PaymentStatus for a payment, ...)
    domain::State to;
    QString cause; ///< "channel.notification", "poll", "expiry.close", "refund.request", "manual", ...
    QString actor; ///< a user name, or "system:<job>"
    QJsonObject detail;
    /// Further columns written by the same guarded UPDATE (e.g. channel_txn_id, paid_at). Names come from code.
    QList<QPair<QString, QVariant>> set;
};

struct HistoryRow
{
    qint64 id = 0;
    domain::State from;
    domain::State to;
    QString cause;
    QString actor;
    QJsonObject detail;
    qint64 atMs = 0;
};

namespace Transitions {

/// Inside the caller's open write transaction: checks the machine's table, runs the guarded
/// `UPDATE ... SET status = to, version = version + 1 WHERE id = ? AND status = from`, and writes the state_history
/// row and the `<entity>.status` event. IllegalTransition when the table forbids it; ConcurrentModification when
/// the row is no longer in `from` (another writer won); NotFound for an unknown id. Nothing is written on error
/// (the caller rolls back).
[[nodiscard]] Status applyInTransaction(
    const QSqlDatabase& db, const SqlDialect& dialect, qint64 nowMs, const TransitionSpec& spec);

/// applyInTransaction() for several specs, in the order given, with one guarded UPDATE per entity and set of
/// columns (a row changed twice takes two) and one history INSERT per 16 rows. ConcurrentModification when any
/// row is no longer in its `from`; nothing is valid on error (the caller rolls back).
[[nodiscard]] Status applyManyInTransaction(
    const QSqlDatabase& db, const SqlDialect& dialect, qint64 nowMs, const QList<TransitionSpec>& specs);

/// Builders for composing the same writes into one statement (PostgreSQL group commit); `prefix` starts every
/// placeholder. The UPDATE returns one row per row changed: fewer than specs.size() means another writer won.
/// Specs must be of one entity and one set of extra columns, with distinct ids (a group of updateRounds()).
[[nodiscard]] sql::Statement buildUpdateMany(
    qint64 nowMs, const QList<const TransitionSpec*>& specs, const QString& prefix);
[[nodiscard]] sql::Statement buildHistoryInsert(
    qint64 nowMs, const QList<TransitionSpec>& specs, const QString& prefix);
/// The "<entity>.status" event of each spec.
[[nodiscard]] QList<FeedEvent> statusEvents(const QList<TransitionSpec>& specs, qint64 nowMs);
/// The specs as applyManyInTransaction() writes them: rounds (a row's k-th change in round k), each of groups of one
/// entity and one set of extra columns, for buildUpdateMany(). One round means no row changes twice.
[[nodiscard]] QList<QList<QList<const TransitionSpec*>>> updateRounds(const QList<TransitionSpec>& specs);
/// The machine's table allows every spec (IllegalTransition / InvalidArgument otherwise).
[[nodiscard]] Status checkAll(const QList<TransitionSpec>& specs);

/// applyInTransaction() in a transaction of its own.
[[nodiscard]] Status apply(const Database& database, const Clock& clock, const TransitionSpec& spec);

[[nodiscard]] Result<domain::State> currentStatus(const QSqlDatabase& db, domain::EntityType entity, qint64 id);
[[nodiscard]] Result<QList<HistoryRow>> history(const QSqlDatabase& db, domain::EntityType entity, qint64 id);

} // namespace Transitions

} // namespace paydesk
