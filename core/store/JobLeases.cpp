#include "core/store/JobLeases.h"

#include "core/store/Database.h"
#include "core/store/Sql.h"
#include "core/store/Writes.h"

using namespace Qt::StringLiterals;

namespace paydesk {

JobLeases::JobLeases(const Database& database)
    : m_database(database)
{
}

Result<bool> JobLeases::claim(const QString& job, const QString& owner, qint64 nowMs, qint64 leaseMs) const
{
    bool claimed = false;
    auto s = store::inTransaction(m_database, [&](const QSqlDatabase& db) -> Status {
        // Both engines take ON CONFLICT DO NOTHING, so a lost insert race does not abort the transaction.
        auto insert = sql::exec(db,
            u"INSERT INTO job_leases (job, owner, lease_until) VALUES (:job, :owner, :until) "
            u"ON CONFLICT (job) DO NOTHING"_s,
            { { u":job"_s, job }, { u":owner"_s, owner }, { u":until"_s, nowMs + leaseMs } });
        if (!insert)
            return tl::unexpected(insert.error());
        if (insert->numRowsAffected() == 1) {
            claimed = true;
            return {};
        }
        auto update = sql::exec(db,
            u"UPDATE job_leases SET owner = :owner, lease_until = :until WHERE job = :job "
            u"AND (lease_until < :now OR owner = :same)"_s,
            { { u":owner"_s, owner },
                { u":until"_s, nowMs + leaseMs },
                { u":job"_s, job },
                { u":now"_s, nowMs },
                { u":same"_s, owner } });
        if (!update)
            return tl::unexpected(update.error());
        claimed = update->numRowsAffected() == 1;
        return {};
    });
    if (!s)
        return tl::unexpected(s.error());
    return claimed;
}

Status JobLeases::release(const QString& job, const QString& owner, qint64 nowMs, const QString& result) const
{
    return store::inTransaction(m_database, [&](const QSqlDatabase& db) -> Status {
        auto q = sql::exec(db,
            u"UPDATE job_leases SET lease_until = 0, last_run_at = :now, last_result = :result "
            u"WHERE job = :job AND owner = :owner"_s,
            { { u":now"_s, nowMs }, { u":result"_s, result }, { u":job"_s, job }, { u":owner"_s, owner } });
        if (!q)
            return tl::unexpected(q.error());
        return {};
    });
}

} // namespace paydesk
