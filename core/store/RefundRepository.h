#pragma once

#include <optional>

#include <QList>
#include <QSqlDatabase>
#include <QString>

#include "core/domain/Refund.h"
#include "core/util/Result.h"

namespace paydesk {

class Database;
class SqlDialect;

/// Row <-> Refund; the static functions run inside the caller's transaction (see PaymentRepository).
class RefundRepository final
{
public:
    explicit RefundRepository(const Database& database);

    [[nodiscard]] Result<Refund> find(qint64 id) const;
    [[nodiscard]] Result<QList<Refund>> forPayment(qint64 paymentId) const;

    [[nodiscard]] static Result<Refund> load(const QSqlDatabase& db, const SqlDialect& dialect, qint64 id, bool lock);
    [[nodiscard]] static Result<Refund> loadByOutRefundNo(
        const QSqlDatabase& db, const SqlDialect& dialect, const QString& outRefundNo, bool lock);
    [[nodiscard]] static Result<std::optional<Refund>> loadByRequestKey(const QSqlDatabase& db, const QString& key);
    /// Fen of the refunds a user requested since `sinceMs` that did not fail (for the daily cap).
    [[nodiscard]] static Result<qint64> requestedSince(const QSqlDatabase& db, qint64 userId, qint64 sinceMs);
    [[nodiscard]] static Result<qint64> insert(const QSqlDatabase& db, const Refund& refund);
    /// PROCESSING refunds whose next check is due, oldest first.
    [[nodiscard]] static Result<QList<Refund>> due(
        const QSqlDatabase& db, domain::RefundStatus status, qint64 nowMs, int limit);
    [[nodiscard]] static Status scheduleCheck(const QSqlDatabase& db, qint64 id, qint64 nextAtMs, int attempts);

private:
    const Database& m_database;
};

} // namespace paydesk
