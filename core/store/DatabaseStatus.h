#pragma once

#include <QString>

#include "core/util/Result.h"

namespace paydesk {

class Database;

/// What the console's status area shows about the database it runs on.
struct DatabaseStatus
{
    QString engine; ///< "SQLite" / "PostgreSQL"
    QString location; ///< the URL with the password redacted
    int schemaVersion = 0;
    int latestSchemaVersion = 0;
    qint64 users = 0;
    qint64 payments = 0;
    qint64 lastEventSeq = 0;
};

[[nodiscard]] Result<DatabaseStatus> describeDatabase(const Database& db);

} // namespace paydesk
