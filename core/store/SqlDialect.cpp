#include "core/store/SqlDialect.h"

using namespace Qt::StringLiterals;

namespace paydesk {

namespace {

class SqliteDialect final : public SqlDialect
{
public:
    DbEngine engine() const override { return DbEngine::Sqlite; }
    QString name() const override { return u"sqlite"_s; }
    QString expandDdl(QString ddl) const override
    {
        return ddl.replace(u"{{ID}}"_s, u"INTEGER PRIMARY KEY AUTOINCREMENT"_s)
            .replace(u"{{BLOB}}"_s, u"BLOB"_s)
            .replace(u"{{NOW_MS}}"_s, u"(CAST(strftime('%s','now') AS INTEGER) * 1000)"_s);
    }
    QString beginWrite() const override { return u"BEGIN IMMEDIATE"_s; }
    QString forUpdate() const override { return {}; }
};

class PostgresDialect final : public SqlDialect
{
public:
    DbEngine engine() const override { return DbEngine::Postgres; }
    QString name() const override { return u"pg"_s; }
    QString expandDdl(QString ddl) const override
    {
        return ddl.replace(u"{{ID}}"_s, u"BIGSERIAL PRIMARY KEY"_s)
            .replace(u"{{BLOB}}"_s, u"BYTEA"_s)
            .replace(u"{{NOW_MS}}"_s, u"(CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS BIGINT))"_s);
    }
    QString beginWrite() const override { return u"BEGIN"_s; }
    QString forUpdate() const override { return u" FOR UPDATE"_s; }
};

} // namespace

const SqlDialect& SqlDialect::forEngine(DbEngine engine)
{
    static const SqliteDialect sqlite;
    static const PostgresDialect pg;
    return engine == DbEngine::Postgres ? static_cast<const SqlDialect&>(pg) : sqlite;
}

} // namespace paydesk
