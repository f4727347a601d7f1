// paydeskctl policy: the refund policy every program enforces (kept in the database).
#include "core/money/Money.h"
#include "core/store/RefundPolicyStore.h"
#include "core/util/Clock.h"

#include "Ctl.h"

using namespace Qt::StringLiterals;

namespace paydesk::ctl {

namespace {

QJsonObject policyJson(const RefundPolicy& p)
{
    return { { u"approval_threshold_minor"_s, p.approvalThresholdMinor },
        { u"daily_cap_per_user_minor"_s, p.dailyCapPerUserMinor } };
}

QString policyText(const RefundPolicy& p)
{
    return u"refunds that take a payment's refunded total above %1 need a second person's approval\n"
           u"daily refund cap per user: %2"_s.arg(Money::fen(p.approvalThresholdMinor).toDecimalString(),
               p.dailyCapPerUserMinor > 0 ? Money::fen(p.dailyCapPerUserMinor).toDecimalString() : u"none"_s);
}

/// "--name 12.34" as fen; `current` when the option is absent.
Result<qint64> amountOption(const Ctl& ctl, const QString& name, qint64 current)
{
    if (!ctl.args().options.contains(name))
        return current;
    auto m = Money::parse(ctl.args().value(name));
    if (!m)
        return fail(ErrorCode::InvalidAmount, u"--%1 must be an amount in yuan, such as 500 or 500.00"_s.arg(name));
    return m->minorUnits();
}

} // namespace

int runPolicy(Ctl& ctl)
{
    const QString verb = ctl.args().words.value(1);
    auto db = ctl.database();
    if (!db)
        return ctl.failed(db.error());
    auto current = RefundPolicyStore::load(**db);
    if (!current)
        return ctl.failed(current.error());
    if (verb == u"show"_s || verb.isEmpty())
        return ctl.ok(policyJson(*current), policyText(*current));
    if (verb != u"set"_s)
        return ctl.usage(u"policy show | policy set [--approval-threshold YUAN] [--daily-cap YUAN] --user ADMIN"_s);
    auto threshold = amountOption(ctl, u"approval-threshold"_s, current->approvalThresholdMinor);
    if (!threshold)
        return ctl.failed(threshold.error(), 2);
    auto cap = amountOption(ctl, u"daily-cap"_s, current->dailyCapPerUserMinor);
    if (!cap)
        return ctl.failed(cap.error(), 2);
    auto actor = ctl.actor(**db);
    if (!actor)
        return ctl.failed(actor.error());
    const RefundPolicy policy { *threshold, *cap };
    if (auto saved = RefundPolicyStore::save(**db, policy, *actor, SystemClock::instance().nowMSecs()); !saved)
        return ctl.failed(saved.error());
    return ctl.ok(policyJson(policy), policyText(policy));
}

} // namespace paydesk::ctl
