#pragma once

#include <QSqlDatabase>

#include "core/domain/AccessControl.h"
#include "core/util/Result.h"

namespace paydesk {

class Database;

/// When a refund needs a second person's approval. Kept in the database, so every program enforces the same rule.
struct RefundPolicy
{
    /// Refunds that take the payment's running total (refunded + reserved + this one) above this many fen.
    qint64 approvalThresholdMinor = 50000;
    /// Refunds that take the requester's own total for today (China time, refunds that did not fail) above this
    /// many fen; 0 = no daily cap.
    qint64 dailyCapPerUserMinor = 0;
};

namespace RefundPolicyStore {

/// Inside the caller's transaction.
[[nodiscard]] Result<RefundPolicy> load(const QSqlDatabase& db);
[[nodiscard]] Result<RefundPolicy> load(const Database& database);
/// Admins only (Configure); audited with before and after. InvalidAmount for a negative figure.
[[nodiscard]] Status save(const Database& database, const RefundPolicy& policy, const Actor& actor, qint64 nowMs);

} // namespace RefundPolicyStore

} // namespace paydesk
