#include "core/service/ChannelFactApplier.h"

#include "core/domain/StateMachine.h"
#include "core/service/RefundLedger.h"
#include "core/service/ServiceSupport.h"
#include "core/store/AuditLog.h"
#include "core/store/Database.h"
#include "core/store/EventFeed.h"
#include "core/store/PaymentRepository.h"
#include "core/store/RefundRepository.h"
#include "core/store/Sql.h"
#include "core/store/Transitions.h"
#include "core/util/Clock.h"

using namespace Qt::StringLiterals;

namespace paydesk {

namespace {

/// Merchant, app and channel must be ours. A field the channel omitted (Alipay may leave seller_id out) cannot
/// contradict; the notification's signature already binds it to our keys.
Status crossCheckParty(ChannelKind channel, const QString& merchantId, const QString& appId, const Payment& p)
{
    if (channel != p.channel)
        return fail(ErrorCode::MerchantMismatch,
            u"%1 fact for a %2 payment %3"_s.arg(channelKindName(channel), channelKindName(p.channel), p.outTradeNo));
    if (!merchantId.isEmpty() && !p.merchantId.isEmpty() && merchantId != p.merchantId)
        return fail(ErrorCode::MerchantMismatch,
            u"merchant %1 is not the payment's merchant %2 (%3)"_s.arg(merchantId, p.merchantId, p.outTradeNo));
    if (!appId.isEmpty() && !p.appId.isEmpty() && appId != p.appId)
        return fail(ErrorCode::MerchantMismatch,
            u"app %1 is not the payment's app %2 (%3)"_s.arg(appId, p.appId, p.outTradeNo));
    return {};
}

Status exactAmount(const std::optional<Money>& reported, const Money& stored, bool required, const QString& what)
{
    if (!reported) {
        if (required)
            return fail(ErrorCode::AmountMismatch, u"%1: the channel reported no amount"_s.arg(what));
        return {};
    }
    if (!(*reported == stored))
        return fail(ErrorCode::AmountMismatch,
            u"%1: channel amount %2 %3, ours %4 %5"_s.arg(what,
                reported->toDecimalString(),
                reported->currency().code(),
                stored.toDecimalString(),
                stored.currency().code()));
    return {};
}

/// A running total refunded on the trade (Alipay's refund_fee), in exact fen, for the refund `r` of payment `p`:
/// it includes this refund, so it is at least its amount; it cannot exceed what was paid; and it cannot exceed what
/// this payment's refunds that reached the channel and were not released add up to (SUCCEEDED and PROCESSING, and
/// this refund whatever it is here, since the channel says it happened). Anything else is AmountMismatch.
Status runningTotal(const QSqlDatabase& db, const Money& reported, const Payment& p, const Refund& r)
{
    auto q = sql::exec(db,
        u"SELECT COALESCE(SUM(amount_minor), 0) FROM refunds WHERE payment_id = :p "
        "AND (status IN (:succeeded, :processing) OR id = :r)"_s,
        { { u":p"_s, p.id },
            { u":succeeded"_s, statusName(domain::RefundStatus::Succeeded) },
            { u":processing"_s, statusName(domain::RefundStatus::Processing) },
            { u":r"_s, r.id } });
    if (!q)
        return tl::unexpected(q.error());
    const qint64 sent = q->next() ? q->value(0).toLongLong() : 0;
    const qint64 total = reported.minorUnits();
    if (!(reported.currency() == p.amount.currency()) || total < r.amount.minorUnits() || total > p.amount.minorUnits()
        || total > sent)
        return fail(ErrorCode::AmountMismatch,
            u"%1: channel reports %2 %3 refunded on %4 in all; this refund is %5, the payment %6, "
            "its refunds sent %7"_s.arg(r.outRefundNo,
                reported.toDecimalString(),
                reported.currency().code(),
                p.outTradeNo,
                r.amount.toDecimalString(),
                p.amount.toDecimalString(),
                Money(sent, p.amount.currency()).toDecimalString()));
    return {};
}

} // namespace

ChannelFactApplier::ChannelFactApplier(const Database& database, const Clock& clock)
    : m_database(database)
    , m_clock(clock)
{
}

Result<ApplyOutcome> ChannelFactApplier::applyTrade(
    ChannelKind channel, const TradeStatus& fact, const QString& cause, const QString& actor)
{
    ApplyOutcome outcome;
    auto status = service::inTransaction(m_database, [&](const QSqlDatabase& db) -> Status {
        auto r = applyTradeIn(db, channel, fact, cause, actor);
        if (!r)
            return tl::unexpected(r.error());
        outcome = *r;
        return {};
    });
    if (!status)
        return tl::unexpected(status.error());
    return outcome;
}

Result<ApplyOutcome> ChannelFactApplier::applyRefund(
    ChannelKind channel, const RefundStatus& fact, const QString& cause, const QString& actor)
{
    ApplyOutcome outcome;
    auto status = service::inTransaction(m_database, [&](const QSqlDatabase& db) -> Status {
        auto r = applyRefundIn(db, channel, fact, cause, actor);
        if (!r)
            return tl::unexpected(r.error());
        outcome = *r;
        return {};
    });
    if (!status)
        return tl::unexpected(status.error());
    return outcome;
}

namespace {

/// What one trade fact does to one payment: the decision, apart from the writes.
struct TradePlan
{
    ApplyOutcome outcome;
    QList<TransitionSpec> steps; ///< empty: nothing to do
    QString action; ///< the audit action when steps are not empty
    QJsonObject detail;
};

/// The decision for a trade fact and the payment as it is now (locked by the caller): checks first, then which
/// transitions. Used for a single fact and for a group alike, so both decide the same way.
Result<TradePlan> planTrade(ChannelKind channel,
    const TradeStatus& fact,
    const Payment& p,
    const QString& cause,
    const QString& actor,
    qint64 now)
{
    if (auto s = crossCheckParty(channel, fact.merchantId, fact.appId, p); !s)
        return tl::unexpected(s.error());
    const bool paid = fact.state == TradeState::Paid || fact.state == TradeState::Refunded;
    if (auto s = exactAmount(fact.total, p.amount, paid, p.outTradeNo); !s)
        return tl::unexpected(s.error());

    TradePlan plan;
    plan.outcome = ApplyOutcome { p.id, 0, p.status, p.status, false, false };
    domain::PaymentStatus to = p.status; // the target, or we return before it is used
    if (paid) {
        if (p.status == domain::PaymentStatus::Pending || p.status == domain::PaymentStatus::Created) {
            to = domain::PaymentStatus::Succeeded;
            plan.action = u"payment.paid"_s;
        } else if (p.status == domain::PaymentStatus::Closed) {
            to = domain::PaymentStatus::PaidAfterClose;
            plan.action = u"payment.paid_after_close"_s;
        } else if (p.status == domain::PaymentStatus::Failed) {
            // A create we recorded as failed was paid after all: no transition leads out of FAILED, so refuse loudly
            // (a notification is stored as rejected with this reason) rather than drop it.
            return fail(
                ErrorCode::IllegalTransition, u"channel reports %1 paid but it is FAILED here"_s.arg(p.outTradeNo));
        } else {
            return plan; // already paid, refunded or awaiting a decision: a duplicate or a stale fact
        }
    } else if (fact.state == TradeState::Closed && p.status == domain::PaymentStatus::Pending) {
        to = domain::PaymentStatus::Closed;
        plan.action = u"payment.closed"_s;
    } else {
        return plan; // NotPaid, PayError, or Closed for anything not pending: nothing to learn
    }

    const qint64 paidAt = fact.successTime.isValid() ? fact.successTime.toMSecsSinceEpoch() : now;
    plan.detail = QJsonObject { { u"cause"_s, cause },
        { u"channel_state"_s, fact.rawState.isEmpty() ? tradeStateName(fact.state) : fact.rawState },
        { u"before"_s, QJsonObject { { u"status"_s, statusName(p.status) } } },
        { u"after"_s, QJsonObject { { u"status"_s, statusName(to) } } },
        { u"amount_minor"_s, p.amount.minorUnits() },
        { u"out_trade_no"_s, p.outTradeNo } };
    if (paid) {
        plan.detail.insert(u"channel_txn_id"_s, fact.transactionId);
        plan.detail.insert(u"paid_at"_s, paidAt);
    }
    domain::PaymentStatus from = p.status;
    if (from == domain::PaymentStatus::Created) {
        // Paid before we recorded the code URL (the create's answer was lost): pass through PENDING so the history
        // shows what happened.
        plan.steps << TransitionSpec { domain::EntityType::Payment,
            p.id,
            domain::PaymentStatus::Created,
            domain::PaymentStatus::Pending,
            cause,
            actor,
            {},
            {} };
        from = domain::PaymentStatus::Pending;
    }
    TransitionSpec spec { domain::EntityType::Payment, p.id, from, to, cause, actor, plan.detail, {} };
    if (paid) {
        spec.set << qMakePair(u"channel_txn_id"_s, sql::nullableString(fact.transactionId))
                 << qMakePair(u"paid_at"_s, QVariant(paidAt));
    }
    plan.steps << spec;
    plan.outcome.after = to;
    plan.outcome.changed = true;
    plan.outcome.alert = to == domain::PaymentStatus::PaidAfterClose;
    return plan;
}

} // namespace

Result<ApplyOutcome> ChannelFactApplier::applyTradeIn(const QSqlDatabase& db,
    ChannelKind channel,
    const TradeStatus& fact,
    const QString& cause,
    const QString& actor) const
{
    // A group of one: the row lock first, so whoever applies the same fact concurrently waits and then sees ours.
    auto outcomes = applyTradesIn(db, { TradeFact { channel, &fact, actor } }, cause);
    if (!outcomes)
        return tl::unexpected(outcomes.error());
    return outcomes->constFirst();
}

Result<ChannelFactApplier::TradesPlan> ChannelFactApplier::planTrades(
    const QList<TradeFact>& facts, QHash<QString, Payment> payments, const QString& cause, qint64 now) const
{
    TradesPlan plan;
    plan.nowMs = now;
    for (const TradeFact& f : facts) {
        const auto found = payments.find(f.fact->outTradeNo);
        if (found == payments.end())
            return fail(ErrorCode::NotFound, u"no payment %1"_s.arg(f.fact->outTradeNo));
        auto one = planTrade(f.channel, *f.fact, *found, cause, f.actor, now);
        if (!one)
            return tl::unexpected(one.error());
        if (!one->steps.isEmpty()) {
            AuditEntry entry;
            entry.createdAtMs = now;
            entry.actor = f.actor;
            entry.action = one->action;
            entry.entityType = u"payment"_s;
            entry.entityId = QString::number(one->outcome.paymentId);
            entry.detail = one->detail;
            plan.audits << entry;
            if (one->outcome.alert) {
                plan.alerts << FeedEvent {
                    0, u"payment.paid_after_close"_s, u"payment"_s, one->outcome.paymentId, one->detail, now
                };
            }
            plan.steps += one->steps;
            found->status =
                *one->outcome.after
                     .as<domain::PaymentStatus>(); // a later fact for the same payment sees this one applied
        }
        plan.outcomes << one->outcome;
    }
    return plan;
}

Status ChannelFactApplier::writePlanIn(const QSqlDatabase& db, const TradesPlan& plan) const
{
    const SqlDialect& dialect = m_database.dialect();
    for (const AuditEntry& e : plan.audits) {
        if (auto s = service::audit(
                db, dialect, plan.nowMs, e.actor, e.action, e.entityType, e.entityId.toLongLong(), e.detail);
            !s)
            return s;
    }
    for (const FeedEvent& e : plan.alerts) {
        if (auto s = service::event(db, dialect, plan.nowMs, e.kind, e.entityType, e.entityId, e.payload); !s)
            return s;
    }
    if (plan.steps.isEmpty())
        return {};
    return Transitions::applyManyInTransaction(db, dialect, plan.nowMs, plan.steps);
}

Result<QList<ApplyOutcome>> ChannelFactApplier::applyTradesIn(
    const QSqlDatabase& db, const QList<TradeFact>& facts, const QString& cause) const
{
    QStringList numbers;
    for (const TradeFact& f : facts)
        numbers << f.fact->outTradeNo;
    numbers.removeDuplicates();
    // The rows locked first (in id order): whoever applies the same facts concurrently waits, then sees ours.
    auto payments = PaymentRepository::loadManyByOutTradeNo(db, m_database.dialect(), numbers, true);
    if (!payments)
        return tl::unexpected(payments.error());
    auto plan = planTrades(facts, std::move(*payments), cause, m_clock.nowMSecs());
    if (!plan)
        return tl::unexpected(plan.error());
    if (auto s = writePlanIn(db, *plan); !s)
        return tl::unexpected(s.error());
    return plan->outcomes;
}

Result<ApplyOutcome> ChannelFactApplier::applyRefundIn(const QSqlDatabase& db,
    ChannelKind channel,
    const RefundStatus& fact,
    const QString& cause,
    const QString& actor) const
{
    const SqlDialect& dialect = m_database.dialect();
    const qint64 now = m_clock.nowMSecs();
    auto found = RefundRepository::loadByOutRefundNo(db, dialect, fact.outRefundNo, false);
    if (!found)
        return tl::unexpected(found.error());
    // Lock order everywhere: the payment row, then the refund row.
    auto p = PaymentRepository::load(db, dialect, found->paymentId, true);
    if (!p)
        return tl::unexpected(p.error());
    auto r = RefundRepository::load(db, dialect, found->id, true);
    if (!r)
        return tl::unexpected(r.error());
    if (auto s = crossCheckParty(channel, fact.merchantId, {}, *p); !s)
        return tl::unexpected(s.error());
    if (!fact.outTradeNo.isEmpty() && fact.outTradeNo != p->outTradeNo)
        return fail(ErrorCode::MerchantMismatch,
            u"refund %1 belongs to %2, not %3"_s.arg(r->outRefundNo, p->outTradeNo, fact.outTradeNo));
    const bool final = fact.state == RefundState::Succeeded;
    // Alipay's notification reports the trade's running total refunded, not this refund's own amount.
    if (auto s = fact.refundedTotal ? runningTotal(db, *fact.refundedTotal, *p, *r) : Status {}; !s)
        return tl::unexpected(s.error());
    if (auto s = exactAmount(fact.refund, r->amount, final && !fact.refundedTotal, r->outRefundNo); !s)
        return tl::unexpected(s.error());
    if (auto s = exactAmount(fact.total, p->amount, false, p->outTradeNo); !s)
        return tl::unexpected(s.error());

    ApplyOutcome outcome { p->id, r->id, r->status, r->status, false, false };
    if (!fact.refundId.isEmpty() && r->channelRefundId.isEmpty()) {
        if (auto s = RefundLedger::recordChannelRefundId(db, r->id, fact.refundId); !s)
            return tl::unexpected(s.error());
    }
    if (fact.state == RefundState::Processing || fact.state == RefundState::Abnormal)
        return outcome;
    if (r->status == domain::RefundStatus::Failed && final) {
        // The money left although we held the refund as failed: never drop that. The refund is booked as it
        // happened and an alert goes out, as for a payment made after its order was closed.
        if (auto s = RefundLedger(db, dialect, now).settleAfterFailure(*p, *r, fact.refundId, cause, actor); !s)
            return tl::unexpected(s.error());
        outcome.after = domain::RefundStatus::Succeeded;
        outcome.changed = true;
        outcome.alert = true;
        return outcome;
    }
    if (r->status == domain::RefundStatus::Succeeded || r->status == domain::RefundStatus::Failed) {
        const bool agrees = (r->status == domain::RefundStatus::Succeeded) == final;
        if (agrees)
            return outcome; // duplicate
        return fail(ErrorCode::IllegalTransition,
            u"refund %1 is %2 here but %3 at the channel"_s.arg(
                r->outRefundNo, statusName(r->status), refundStateName(fact.state)));
    }
    if (r->status != domain::RefundStatus::Processing)
        return fail(ErrorCode::IllegalTransition,
            u"refund %1 is %2 and was never submitted"_s.arg(r->outRefundNo, statusName(r->status)));

    RefundLedger ledger(db, dialect, now);
    Status s = final ? ledger.settle(*p, *r, fact.refundId, cause, actor)
                     : ledger.release(*p,
                         *r,
                         domain::RefundStatus::Processing,
                         u"CHANNEL_CLOSED"_s,
                         u"the channel closed the refund"_s,
                         cause,
                         actor);
    if (!s)
        return tl::unexpected(s.error());
    outcome.after = final ? domain::RefundStatus::Succeeded : domain::RefundStatus::Failed;
    outcome.changed = true;
    return outcome;
}

} // namespace paydesk
