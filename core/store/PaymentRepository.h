#pragma once

#include <optional>

#include <QHash>
#include <QList>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <QStringList>

#include "core/domain/ChannelKind.h"
#include "core/domain/Payment.h"
#include "core/util/Result.h"

namespace paydesk {

class Database;
class SqlDialect;

/// Row <-> Payment. The static functions run on the caller's connection, inside its transaction; `lock` adds the
/// dialect's FOR UPDATE so the row stays ours until commit (SQLite's write transaction already excludes writers).
class PaymentRepository final
{
public:
    explicit PaymentRepository(const Database& database);

    [[nodiscard]] Result<Payment> find(qint64 id) const;
    [[nodiscard]] Result<Payment> findByOutTradeNo(const QString& outTradeNo) const;

    [[nodiscard]] static Result<Payment> load(const QSqlDatabase& db, const SqlDialect& dialect, qint64 id, bool lock);
    [[nodiscard]] static Result<Payment> loadByOutTradeNo(
        const QSqlDatabase& db, const SqlDialect& dialect, const QString& outTradeNo, bool lock);
    /// The columns a Payment is read from, in order, and the reading, for statements that read payments among other
    /// rows (the PostgreSQL group commit's single read).
    [[nodiscard]] static QString columns();
    [[nodiscard]] static Result<Payment> fromQuery(const QSqlQuery& q, int firstColumn);
    /// The payments with these order numbers, by order number (unknown ones are absent). With `lock`, the rows are
    /// locked in id order, the one order every multi-row locker uses, so two of them never wait on each other.
    [[nodiscard]] static Result<QHash<QString, Payment>> loadManyByOutTradeNo(
        const QSqlDatabase& db, const SqlDialect& dialect, const QStringList& outTradeNos, bool lock);
    [[nodiscard]] static Result<std::optional<Payment>> loadByIdempotencyKey(
        const QSqlDatabase& db, const QString& key);
    /// Inserts a new payment (status, amounts, references as given) and returns its id.
    [[nodiscard]] static Result<qint64> insert(const QSqlDatabase& db, const Payment& payment);
    /// Payments in `status` whose next check is due (NULL counts as due), oldest first. `expired` selects those whose
    /// expiry has passed (true) or not yet (false).
    [[nodiscard]] static Result<QList<Payment>> due(
        const QSqlDatabase& db, domain::PaymentStatus status, bool expired, qint64 nowMs, int limit);
    /// CLOSED payments of `channel` whose expiry is later than `expiredAfterMs` and whose next check is due (NULL
    /// counts as due), oldest first: closed orders the channel may still take a payment for (an Alipay QR closed
    /// before anyone scanned it stays payable until its time_expire). Served by payments_expiry_idx.
    [[nodiscard]] static Result<QList<Payment>> dueClosedWatch(
        const QSqlDatabase& db, ChannelKind channel, qint64 expiredAfterMs, qint64 nowMs, int limit);
    /// Records when the payment is next looked at (not a state change, so no history).
    [[nodiscard]] static Status scheduleCheck(const QSqlDatabase& db, qint64 id, qint64 nextAtMs, int attempts);

private:
    const Database& m_database;
};

} // namespace paydesk
