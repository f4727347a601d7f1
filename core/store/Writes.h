#pragma once

#include <functional>

#include <QJsonObject>
#include <QSqlDatabase>
#include <QString>

#include "core/util/Result.h"

namespace paydesk {

class Database;
class SqlDialect;

/// One write transaction, and the audit entry and event that go inside it: what every service and every store that
/// changes something needs.
namespace store {

/// Runs `work` inside one write transaction on this thread's connection and commits. A ConcurrentModification
/// (another writer won, or SQLite was busy) is retried a few times, since the work re-reads what it needs.
[[nodiscard]] Status inTransaction(const Database& database, const std::function<Status(const QSqlDatabase&)>& work);

/// Writes the audit entry for a money action (inside the caller's transaction).
[[nodiscard]] Status audit(const QSqlDatabase& db,
    const SqlDialect& dialect,
    qint64 nowMs,
    const QString& actor,
    const QString& action,
    const QString& entityType,
    qint64 entityId,
    const QJsonObject& detail);

/// Appends an event (inside the caller's transaction).
[[nodiscard]] Status event(const QSqlDatabase& db,
    const SqlDialect& dialect,
    qint64 nowMs,
    const QString& kind,
    const QString& entityType,
    qint64 entityId,
    const QJsonObject& payload);

} // namespace store

} // namespace paydesk
