#include "core/store/Migrations.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QMap>
#include <QRegularExpression>
#include <QSet>

#include "core/log/Log.h"
#include "core/store/Database.h"
#include "core/store/Sql.h"
#include "core/store/SqlTransaction.h"

using namespace Qt::StringLiterals;

namespace paydesk {

namespace {

constexpr qint64 kMigrationLockKey = 7231000001; // pg_advisory_lock key: "PayDesk migrations"

QString readResource(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(f.readAll());
}

} // namespace

QStringList Migrations::splitStatements(const QString& script)
{
    QStringList out;
    QString current;
    bool inTrigger = false;
    bool inDollar = false;
    const QStringList lines = script.split(u'\n');
    for (const QString& raw : lines) {
        const QString line = raw.trimmed();
        if (!inDollar && (line.isEmpty() || line.startsWith(u"--"_s)))
            continue;
        current += raw + u'\n';
        if (line.count(u"$$"_s) % 2 == 1)
            inDollar = !inDollar;
        if (inDollar)
            continue;
        const QString upper = line.toUpper();
        if (upper.startsWith(u"CREATE TRIGGER"_s) && upper.contains(u" BEGIN"_s) == false && !upper.endsWith(u";"_s))
            inTrigger = true;
        if (upper.endsWith(u"BEGIN"_s))
            inTrigger = true;
        if (inTrigger) {
            if (upper == u"END;"_s) {
                inTrigger = false;
                out << current.trimmed();
                current.clear();
            }
            continue;
        }
        if (line.endsWith(u';')) {
            out << current.trimmed();
            current.clear();
        }
    }
    if (!current.trimmed().isEmpty())
        out << current.trimmed();
    return out;
}

Result<QList<Migrations::Step>> Migrations::load(const Database& db)
{
    static const QRegularExpression common(u"^(\\d{4})_([a-z0-9_]+)\\.sql$"_s);
    static const QRegularExpression specific(u"^(\\d{4})_([a-z0-9_]+)\\.(sqlite|pg)\\.sql$"_s);
    QMap<int, Step> steps;
    QSet<int> commonSeen;
    const QStringList files = QDir(u":/sql"_s).entryList(QDir::Files, QDir::Name);
    for (const QString& file : files) {
        if (auto m = common.match(file); m.hasMatch()) {
            // Two engineers each adding "0002_x.sql" must not silently merge into one migration.
            if (commonSeen.contains(m.captured(1).toInt()))
                return fail(ErrorCode::MigrationFailed, u"two migrations are numbered %1"_s.arg(m.captured(1)));
            commonSeen.insert(m.captured(1).toInt());
            Step& s = steps[m.captured(1).toInt()];
            s.version = m.captured(1).toInt();
            if (!s.name.isEmpty() && s.name != m.captured(2))
                return fail(ErrorCode::MigrationFailed,
                    u"migration %1 has files named %2 and %3"_s.arg(m.captured(1), s.name, m.captured(2)));
            s.name = m.captured(2);
            s.sql.prepend(readResource(u":/sql/"_s + file) + u'\n');
        } else if (auto d = specific.match(file); d.hasMatch()) {
            if (d.captured(3) != db.dialect().name())
                continue;
            Step& s = steps[d.captured(1).toInt()];
            s.version = d.captured(1).toInt();
            if (s.name.isEmpty())
                s.name = d.captured(2);
            else if (s.name != d.captured(2))
                return fail(ErrorCode::MigrationFailed,
                    u"migration %1 has files named %2 and %3"_s.arg(d.captured(1), s.name, d.captured(2)));
            s.sql.append(u'\n' + readResource(u":/sql/"_s + file));
        }
    }
    if (steps.isEmpty())
        return fail(ErrorCode::MigrationFailed, u"no embedded migrations found"_s);
    QList<Step> list;
    int expected = 1;
    for (Step s : steps) {
        if (s.version != expected++)
            return fail(ErrorCode::MigrationFailed, u"migration numbers have a gap at %1"_s.arg(s.version));
        s.sql = db.dialect().expandDdl(s.sql);
        list << s;
    }
    return list;
}

Result<int> Migrations::currentVersion(const Database& db)
{
    auto conn = db.connection();
    if (!conn)
        return tl::unexpected(conn.error());
    if (!conn->tables().contains(u"schema_version"_s))
        return 0;
    auto q = sql::exec(*conn, u"SELECT COALESCE(MAX(version), 0) FROM schema_version"_s);
    if (!q)
        return tl::unexpected(q.error());
    return q->next() ? q->value(0).toInt() : 0;
}

Status Migrations::apply(const Database& db)
{
    auto steps = load(db);
    if (!steps)
        return tl::unexpected(steps.error());
    auto conn = db.connection();
    if (!conn)
        return tl::unexpected(conn.error());
    const bool pg = db.engine() == DbEngine::Postgres;
    if (pg) {
        if (auto s = sql::execRaw(*conn, u"SELECT pg_advisory_lock(%1)"_s.arg(kMigrationLockKey)); !s)
            return s;
    }
    const auto unlock = qScopeGuard([&] {
        if (pg)
            (void)sql::execRaw(*conn, u"SELECT pg_advisory_unlock(%1)"_s.arg(kMigrationLockKey));
    });
    if (auto s = sql::execRaw(*conn,
            u"CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, "
            u"name TEXT NOT NULL, applied_at BIGINT NOT NULL)"_s);
        !s)
        return s;
    for (const Step& step : *steps) {
        SqlTransaction tx(*conn, db.dialect());
        if (!tx.isActive())
            return tx.beginStatus();
        // Read inside the transaction: another process may have applied it while we waited for the lock.
        auto have =
            sql::exec(*conn, u"SELECT 1 FROM schema_version WHERE version = :v"_s, { { u":v"_s, step.version } });
        if (!have)
            return tl::unexpected(have.error());
        if (have->next())
            continue;
        for (const QString& statement : splitStatements(step.sql)) {
            if (auto s = sql::execRaw(*conn, statement); !s)
                return fail(ErrorCode::MigrationFailed,
                    u"migration %1_%2 failed: %3"_s.arg(step.version, 4, 10, QChar(u'0'))
                        .arg(step.name, s.error().detail));
        }
        if (auto s = sql::exec(*conn,
                u"INSERT INTO schema_version (version, name, applied_at) VALUES (:v, :n, :t)"_s,
                { { u":v"_s, step.version },
                    { u":n"_s, step.name },
                    { u":t"_s, QDateTime::currentMSecsSinceEpoch() } });
            !s)
            return tl::unexpected(s.error());
        if (auto s = tx.commit(); !s)
            return s;
        log::storage()->info("applied migration {:04d}_{}", step.version, step.name);
    }
    return {};
}

} // namespace paydesk
