#include "core/store/RefundPolicyStore.h"

#include "core/store/Database.h"
#include "core/store/Sql.h"
#include "core/store/Writes.h"

using namespace Qt::StringLiterals;

namespace paydesk::RefundPolicyStore {

namespace {

QJsonObject toJson(const RefundPolicy& p)
{
    return { { u"approval_threshold_minor"_s, p.approvalThresholdMinor },
        { u"daily_cap_per_user_minor"_s, p.dailyCapPerUserMinor } };
}

} // namespace

Result<RefundPolicy> load(const QSqlDatabase& db)
{
    auto q = sql::exec(
        db, u"SELECT approval_threshold_minor, daily_cap_per_user_minor FROM refund_policy WHERE id = 1"_s, {});
    if (!q)
        return tl::unexpected(q.error());
    if (!q->next())
        return fail(ErrorCode::DbError, u"the refund policy row is missing"_s);
    return RefundPolicy { q->value(0).toLongLong(), q->value(1).toLongLong() };
}

Result<RefundPolicy> load(const Database& database)
{
    auto db = database.connection();
    if (!db)
        return tl::unexpected(db.error());
    return load(*db);
}

Status save(const Database& database, const RefundPolicy& policy, const Actor& actor, qint64 nowMs)
{
    if (auto s = AccessControl::check(actor, Action::Configure); !s)
        return s;
    if (policy.approvalThresholdMinor < 0 || policy.dailyCapPerUserMinor < 0)
        return fail(ErrorCode::InvalidAmount, u"refund limits cannot be negative"_s);
    return store::inTransaction(database, [&](const QSqlDatabase& db) -> Status {
        auto before = load(db);
        if (!before)
            return tl::unexpected(before.error());
        auto q = sql::exec(db,
            u"UPDATE refund_policy SET approval_threshold_minor = :t, daily_cap_per_user_minor = :c, "
            u"updated_by = :by, updated_at = :now WHERE id = 1"_s,
            { { u":t"_s, policy.approvalThresholdMinor },
                { u":c"_s, policy.dailyCapPerUserMinor },
                { u":by"_s, actor.username },
                { u":now"_s, nowMs } });
        if (!q)
            return tl::unexpected(q.error());
        return store::audit(db,
            database.dialect(),
            nowMs,
            actor.username,
            u"policy.refunds"_s,
            u"policy"_s,
            1,
            { { u"before"_s, toJson(*before) }, { u"after"_s, toJson(policy) } });
    });
}

} // namespace paydesk::RefundPolicyStore
