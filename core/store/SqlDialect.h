#pragma once

#include <QString>

#include "core/store/DatabaseUrl.h"

namespace paydesk {

/// What differs between SQLite and PostgreSQL, and nothing more: DDL types in migrations, how a write
/// transaction starts, and row locks. Everything else is portable SQL.
class SqlDialect
{
public:
    virtual ~SqlDialect() = default;
    [[nodiscard]] virtual DbEngine engine() const = 0;
    [[nodiscard]] virtual QString name() const = 0; ///< "sqlite" / "pg": also the suffix of dialect-only migrations
    /// Replaces {{ID}}, {{BLOB}}, {{NOW_MS}} in a migration template.
    [[nodiscard]] virtual QString expandDdl(QString ddl) const = 0;
    /// SQLite takes the write lock at BEGIN IMMEDIATE, so two writers never deadlock upgrading a read lock.
    [[nodiscard]] virtual QString beginWrite() const = 0;
    /// Appended to a SELECT that reads a row it will update: FOR UPDATE on PostgreSQL; SQLite's write
    /// transaction already excludes other writers.
    [[nodiscard]] virtual QString forUpdate() const = 0;

    static const SqlDialect& forEngine(DbEngine engine);
};

} // namespace paydesk
