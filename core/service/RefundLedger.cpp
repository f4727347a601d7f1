#include "core/service/RefundLedger.h"

#include "core/domain/StateMachine.h"
#include "core/service/ServiceSupport.h"
#include "core/store/PaymentRepository.h"
#include "core/store/RefundRepository.h"
#include "core/store/Sql.h"
#include "core/store/Transitions.h"

using namespace Qt::StringLiterals;

namespace paydesk {

namespace {

QJsonObject amounts(qint64 refunded, qint64 reserved, domain::PaymentStatus status)
{
    return {
        { u"refunded_minor"_s, refunded }, { u"reserved_minor"_s, reserved }, { u"status"_s, statusName(status) }
    };
}

/// PARTIALLY_REFUNDED or REFUNDED once `r` is refunded on top of what `p` has refunded already.
domain::PaymentStatus payStatusAfter(const Payment& p, const Refund& r)
{
    return p.refundedMinor + r.amount.minorUnits() == p.amount.minorUnits() ? domain::PaymentStatus::Refunded
                                                                            : domain::PaymentStatus::PartiallyRefunded;
}

/// The audit and history detail of a refund booked as refunded.
QJsonObject refundedDetail(
    const Payment& p, const Refund& r, const QString& channelRefundId, const QString& cause, qint64 reservedAfter)
{
    const qint64 amt = r.amount.minorUnits();
    return { { u"cause"_s, cause },
        { u"out_refund_no"_s, r.outRefundNo },
        { u"amount_minor"_s, amt },
        { u"channel_refund_id"_s, channelRefundId },
        { u"before"_s, amounts(p.refundedMinor, p.reservedMinor, p.status) },
        { u"after"_s, amounts(p.refundedMinor + amt, reservedAfter, payStatusAfter(p, r)) } };
}

} // namespace

RefundLedger::RefundLedger(const QSqlDatabase& db, const SqlDialect& dialect, qint64 nowMs)
    : m_db(db)
    , m_dialect(dialect)
    , m_now(nowMs)
{
}

Status RefundLedger::reserve(const Payment& p, qint64 amountMinor)
{
    if (amountMinor <= 0)
        return fail(ErrorCode::InvalidAmount, u"a refund must be more than zero, got %1 fen"_s.arg(amountMinor));
    if (amountMinor > p.refundableMinor())
        return fail(ErrorCode::RefundExceedsBalance,
            u"refund of %1 fen exceeds the refundable %2 fen of %3"_s.arg(amountMinor)
                .arg(p.refundableMinor())
                .arg(p.outTradeNo));
    // The row is locked, but the guard repeats the rule in SQL so that even a caller that forgot the lock cannot
    // over-reserve; the table's CHECK is the last line.
    auto q = sql::exec(m_db,
        u"UPDATE payments SET reserved_minor = reserved_minor + :amt, version = version + 1, "
        u"updated_at = :now WHERE id = :id AND refunded_minor + reserved_minor + :amt2 <= amount_minor"_s,
        { { u":amt"_s, amountMinor }, { u":now"_s, m_now }, { u":id"_s, p.id }, { u":amt2"_s, amountMinor } });
    if (!q)
        return tl::unexpected(q.error());
    if (q->numRowsAffected() != 1)
        return fail(ErrorCode::RefundExceedsBalance,
            u"refund of %1 fen exceeds the refundable balance of %2"_s.arg(amountMinor).arg(p.outTradeNo));
    return {};
}

Status RefundLedger::settle(
    const Payment& p, const Refund& r, const QString& channelRefundId, const QString& cause, const QString& actor)
{
    const qint64 amt = r.amount.minorUnits();
    if (p.reservedMinor < amt)
        return fail(ErrorCode::Internal,
            u"refund %1 is not covered by the reservation of %2"_s.arg(r.outRefundNo, p.outTradeNo));
    const QJsonObject detail = refundedDetail(p, r, channelRefundId, cause, p.reservedMinor - amt);
    if (auto s = service::audit(m_db, m_dialect, m_now, actor, u"refund.succeeded"_s, u"refund"_s, r.id, detail); !s)
        return s;
    auto q = sql::exec(m_db,
        u"UPDATE payments SET reserved_minor = reserved_minor - :amt, refunded_minor = refunded_minor "
        u"+ :amt2, version = version + 1, updated_at = :now WHERE id = :id AND reserved_minor >= :amt3"_s,
        { { u":amt"_s, amt }, { u":amt2"_s, amt }, { u":now"_s, m_now }, { u":id"_s, p.id }, { u":amt3"_s, amt } });
    if (!q)
        return tl::unexpected(q.error());
    if (q->numRowsAffected() != 1)
        return fail(ErrorCode::ConcurrentModification, u"payment %1 changed under the refund"_s.arg(p.outTradeNo));
    return markRefunded(p, r, domain::RefundStatus::Processing, channelRefundId, cause, actor, detail);
}

Status RefundLedger::settleAfterFailure(
    const Payment& p, const Refund& r, const QString& channelRefundId, const QString& cause, const QString& actor)
{
    const qint64 amt = r.amount.minorUnits();
    QJsonObject detail = refundedDetail(p, r, channelRefundId, cause, p.reservedMinor);
    detail.insert(u"failure_code"_s, r.failureCode);
    auto q = sql::exec(m_db,
        u"UPDATE payments SET refunded_minor = refunded_minor + :amt, version = version + 1, "
        u"updated_at = :now WHERE id = :id AND refunded_minor + reserved_minor + :amt2 <= amount_minor"_s,
        { { u":amt"_s, amt }, { u":now"_s, m_now }, { u":id"_s, p.id }, { u":amt2"_s, amt } });
    if (!q)
        return tl::unexpected(q.error());
    if (q->numRowsAffected() != 1)
        return fail(ErrorCode::ConcurrentModification,
            u"refund %1 succeeded at the channel after it failed here, but another refund of %2 holds the "
            u"balance: applied once that one is final"_s.arg(r.outRefundNo, p.outTradeNo));
    if (auto s = service::audit(
            m_db, m_dialect, m_now, actor, u"refund.succeeded_after_failure"_s, u"refund"_s, r.id, detail);
        !s)
        return s;
    if (auto s = service::event(m_db, m_dialect, m_now, u"refund.succeeded_after_failure"_s, u"refund"_s, r.id, detail);
        !s)
        return s;
    return markRefunded(p, r, domain::RefundStatus::Failed, channelRefundId, cause, actor, detail);
}

Status RefundLedger::markRefunded(const Payment& p,
    const Refund& r,
    domain::RefundStatus from,
    const QString& channelRefundId,
    const QString& cause,
    const QString& actor,
    const QJsonObject& detail)
{
    const domain::PaymentStatus payTo = payStatusAfter(p, r);
    TransitionSpec refund {
        domain::EntityType::Refund, r.id, from, domain::RefundStatus::Succeeded, cause, actor, detail, {}
    };
    if (!channelRefundId.isEmpty())
        refund.set << qMakePair(u"channel_refund_id"_s, QVariant(channelRefundId));
    if (auto s = Transitions::applyInTransaction(m_db, m_dialect, m_now, refund); !s)
        return s;
    if (p.status == payTo)
        return {};
    TransitionSpec pay { domain::EntityType::Payment, p.id, p.status, payTo, cause, actor, detail, {} };
    return Transitions::applyInTransaction(m_db, m_dialect, m_now, pay);
}

Status RefundLedger::release(const Payment& p,
    const Refund& r,
    domain::RefundStatus from,
    const QString& failureCode,
    const QString& failureDetail,
    const QString& cause,
    const QString& actor)
{
    const qint64 amt = r.amount.minorUnits();
    const QJsonObject detail { { u"cause"_s, cause },
        { u"out_refund_no"_s, r.outRefundNo },
        { u"amount_minor"_s, amt },
        { u"failure_code"_s, failureCode },
        { u"before"_s, amounts(p.refundedMinor, p.reservedMinor, p.status) },
        { u"after"_s, amounts(p.refundedMinor, p.reservedMinor - amt, p.status) } };
    if (auto s = service::audit(m_db, m_dialect, m_now, actor, u"refund.failed"_s, u"refund"_s, r.id, detail); !s)
        return s;
    auto q = sql::exec(m_db,
        u"UPDATE payments SET reserved_minor = reserved_minor - :amt, version = version + 1, "
        u"updated_at = :now WHERE id = :id AND reserved_minor >= :amt2"_s,
        { { u":amt"_s, amt }, { u":now"_s, m_now }, { u":id"_s, p.id }, { u":amt2"_s, amt } });
    if (!q)
        return tl::unexpected(q.error());
    if (q->numRowsAffected() != 1)
        return fail(ErrorCode::ConcurrentModification, u"payment %1 changed under the refund"_s.arg(p.outTradeNo));
    TransitionSpec refund {
        domain::EntityType::Refund, r.id, from, domain::RefundStatus::Failed, cause, actor, detail, {}
    };
    refund.set << qMakePair(u"failure_code"_s, QVariant(failureCode))
               << qMakePair(u"failure_detail"_s, QVariant(failureDetail));
    return Transitions::applyInTransaction(m_db, m_dialect, m_now, refund);
}

Status RefundLedger::recordChannelRefundId(const QSqlDatabase& db, qint64 refundId, const QString& id)
{
    auto q = sql::exec(db,
        u"UPDATE refunds SET channel_refund_id = :cid WHERE id = :id"_s,
        { { u":cid"_s, id }, { u":id"_s, refundId } });
    if (!q)
        return tl::unexpected(q.error());
    return {};
}

} // namespace paydesk
