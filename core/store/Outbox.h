#pragma once

#include <QJsonObject>
#include <QList>
#include <QSqlDatabase>
#include <QString>

#include "core/util/Result.h"

namespace paydesk {

/// One piece of outbound work that must survive a crash.
struct OutboxItem
{
    qint64 id = 0;
    QString kind;
    QString entityType;
    qint64 entityId = 0;
    QJsonObject payload;
    int attempts = 0;
};

/// The `outbox` table: channel calls to retry (refund submissions, closes), written in the same transaction as the
/// change that needs them, claimed row by row with an owner and a lease so two processes never run one item at once,
/// and picked up again when a lease goes stale (its owner crashed).
namespace Outbox {

inline const QString kSubmitRefund = QStringLiteral("refund.submit");
inline const QString kCloseOrder = QStringLiteral("payment.close");

/// Inside the caller's transaction. With an owner, the item starts claimed by it until `leaseUntilMs` (the caller
/// runs it at once after commit; the jobs only take it if that never finishes).
[[nodiscard]] Result<qint64> enqueue(const QSqlDatabase& db,
    const QString& kind,
    const QString& entityType,
    qint64 entityId,
    const QJsonObject& payload,
    qint64 nowMs,
    const QString& owner = {},
    qint64 leaseUntilMs = 0);
/// Claims up to `limit` due items for `owner` (each with its own guarded UPDATE, so a race loses cleanly).
[[nodiscard]] Result<QList<OutboxItem>> claimDue(
    const QSqlDatabase& db, const QString& owner, qint64 nowMs, qint64 leaseMs, int limit);
/// The pending item of `kind` for an entity, if any.
[[nodiscard]] Result<OutboxItem> pendingFor(const QSqlDatabase& db, const QString& kind, qint64 entityId);
/// Finished (successfully, or with a final answer recorded elsewhere).
[[nodiscard]] Status complete(const QSqlDatabase& db, qint64 id, qint64 nowMs, const QString& note = {});
/// A retryable failure: attempts + 1, due again at `nextAtMs`, lease released. Past `maxAttempts` the item is dead.
/// Returns whether it is now dead.
[[nodiscard]] Result<bool> retryLater(
    const QSqlDatabase& db, qint64 id, const QString& error, qint64 nowMs, qint64 nextAtMs, int maxAttempts);

} // namespace Outbox

} // namespace paydesk
