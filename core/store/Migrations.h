#pragma once

#include <QList>
#include <QString>

#include "core/util/Result.h"

namespace paydesk {

class Database;

/// Numbered .sql files embedded under :/sql ("0001_init.sql", plus optional "0001_init.sqlite.sql" /
/// "0001_init.pg.sql" for what only one engine has). Each migration runs in one transaction and records itself in
/// schema_version. On PostgreSQL an advisory lock serialises processes that start at the same time; on SQLite the
/// write transaction does.
class Migrations final
{
public:
    struct Step
    {
        int version = 0;
        QString name;
        QString sql; ///< already expanded for the dialect
    };
    [[nodiscard]] static Result<QList<Step>> load(const Database& db);
    [[nodiscard]] static Status apply(const Database& db);
    [[nodiscard]] static Result<int> currentVersion(const Database& db);
    /// Splits a script into statements: on ';' at line end, keeping trigger bodies (BEGIN ... END;) and
    /// dollar-quoted function bodies whole.
    [[nodiscard]] static QStringList splitStatements(const QString& script);
};

} // namespace paydesk
