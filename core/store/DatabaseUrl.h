#pragma once

#include <QString>

#include "core/util/Result.h"

namespace paydesk {

enum class DbEngine
{
    Sqlite,
    Postgres
};

/// A parsed database URL: `sqlite:///abs/path.db`, `sqlite::memory:` (tests), or
/// `postgresql://user:pass@host:port/dbname?sslmode=require` (also `postgres://`).
struct DatabaseUrl
{
    DbEngine engine = DbEngine::Sqlite;
    QString path; ///< SQLite file, or ":memory:"
    QString host;
    int port = 5432;
    QString user;
    QString password;
    QString database;
    QString options; ///< QPSQL connect options, e.g. "sslmode=require"

    [[nodiscard]] static Result<DatabaseUrl> parse(const QString& url);
    /// The URL with the password replaced by "***", safe for logs and the UI.
    [[nodiscard]] QString redacted() const;
    [[nodiscard]] QString toString() const;
};

/// The embedded default: an SQLite file in the user's data directory (created on first start).
QString defaultDatabaseUrl();

} // namespace paydesk
