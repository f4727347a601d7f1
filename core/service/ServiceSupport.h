#pragma once

#include "core/util/Result.h"

#include <QJsonObject>
#include <QSqlDatabase>
#include <QString>

#include <functional>

namespace paydesk {

class Database;
class SqlDialect;

/// Small pieces every service needs; kept together so the services read as their business rules.
namespace service {

/// A fresh order / refund number: prefix + UTC yyyyMMddHHmmss + 12 random hex digits (28 characters for "PD"),
/// inside both channels' alphabet and length limits.
[[nodiscard]] QString newReference(const QString& prefix, qint64 nowMs);

/// Inverse of errorCodeName() (stored failure codes back to typed errors); Internal for an unknown name.
[[nodiscard]] ErrorCode errorCodeFromName(const QString& name);

/// Runs `work` inside one write transaction on this thread's connection and commits. A ConcurrentModification
/// (another writer won, or SQLite was busy) is retried a few times, since the work re-reads what it needs.
[[nodiscard]] Status inTransaction(const Database& database, const std::function<Status(const QSqlDatabase&)>& work);

/// Writes the audit entry for a money action (inside the caller's transaction).
[[nodiscard]] Status audit(const QSqlDatabase& db, const SqlDialect& dialect, qint64 nowMs, const QString& actor,
                           const QString& action, const QString& entityType, qint64 entityId,
                           const QJsonObject& detail);

/// Appends an event (inside the caller's transaction).
[[nodiscard]] Status event(const QSqlDatabase& db, const SqlDialect& dialect, qint64 nowMs, const QString& kind,
                           const QString& entityType, qint64 entityId, const QJsonObject& payload);

/// The start of the China-time (UTC+8, no daylight saving) calendar day containing `nowMs`, whatever the machine's
/// zone: the business day of both channels and of every daily figure.
[[nodiscard]] qint64 chinaDayStartMs(qint64 nowMs);

/// Bounded exponential backoff: base * 2^attempts, at most cap.
[[nodiscard]] qint64 backoffMs(int attempts, qint64 baseMs, qint64 capMs);

} // namespace service

} // namespace paydesk
