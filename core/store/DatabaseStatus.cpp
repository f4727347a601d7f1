#include "core/store/DatabaseStatus.h"

#include "core/store/Database.h"
#include "core/store/EventFeed.h"
#include "core/store/Migrations.h"
#include "core/store/Sql.h"

using namespace Qt::StringLiterals;

namespace paydesk {

Result<DatabaseStatus> describeDatabase(const Database& db)
{
    DatabaseStatus s;
    s.engine = db.engine() == DbEngine::Postgres ? u"PostgreSQL"_s : u"SQLite"_s;
    s.location = db.url().redacted();
    auto version = db.schemaVersion();
    if (!version)
        return tl::unexpected(version.error());
    s.schemaVersion = *version;
    if (auto steps = Migrations::load(db); steps && !steps->isEmpty())
        s.latestSchemaVersion = steps->last().version;
    if (s.schemaVersion == 0)
        return s;
    auto conn = db.connection();
    if (!conn)
        return tl::unexpected(conn.error());
    const auto count = [&](const QString& table) -> qint64 {
        auto q = sql::exec(*conn, u"SELECT COUNT(*) FROM "_s + table);
        return q && q->next() ? q->value(0).toLongLong() : -1;
    };
    s.users = count(u"users"_s);
    s.payments = count(u"payments"_s);
    s.lastEventSeq = EventFeed::latestSeq(*conn).value_or(0);
    return s;
}

} // namespace paydesk
