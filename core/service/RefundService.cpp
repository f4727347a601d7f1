#include "core/service/RefundService.h"

#include "core/domain/StateMachine.h"
#include "core/service/ChannelRegistry.h"
#include "core/service/RefundLedger.h"
#include "core/service/ServiceSupport.h"
#include "core/store/Database.h"
#include "core/store/Outbox.h"
#include "core/store/PaymentRepository.h"
#include "core/store/Transitions.h"
#include "core/util/Clock.h"

using namespace Qt::StringLiterals;

namespace paydesk {

namespace {

bool refundable(domain::PaymentStatus status)
{
    return status == domain::PaymentStatus::Succeeded || status == domain::PaymentStatus::PartiallyRefunded
        || status == domain::PaymentStatus::PaidAfterClose;
}

} // namespace

RefundService::RefundService(const Database& database,
    const Clock& clock,
    ChannelRegistry& channels,
    ChannelFactApplier& applier,
    RefundServiceOptions options)
    : m_database(database)
    , m_clock(clock)
    , m_channels(channels)
    , m_applier(applier)
    , m_options(std::move(options))
    , m_refunds(database)
{
}

Result<Refund> RefundService::request(const RefundInput& input, const Actor& actor)
{
    if (auto s = AccessControl::check(actor, Action::RequestRefund); !s)
        return tl::unexpected(s.error());
    if (input.reasonCode.trimmed().isEmpty())
        return fail(ErrorCode::ReasonRequired, u"a refund needs a reason code"_s);
    if (!input.amount.isPositive())
        return fail(ErrorCode::InvalidAmount, u"a refund must be more than zero"_s);

    const qint64 now = m_clock.nowMSecs();
    const SqlDialect& dialect = m_database.dialect();
    Refund r;
    bool submitNow = false;
    auto done = service::inTransaction(m_database, [&](const QSqlDatabase& db) -> Status {
        submitNow = false;
        // The payment's row lock first, then the request key: two requests with one key queue on the lock, and the
        // second finds the refund the first made instead of reserving the money twice.
        auto p = PaymentRepository::load(db, dialect, input.paymentId, true);
        if (!p)
            return tl::unexpected(p.error());
        if (!input.requestKey.isEmpty()) {
            auto existing = RefundRepository::loadByRequestKey(db, input.requestKey);
            if (!existing)
                return tl::unexpected(existing.error());
            if (*existing) {
                const Refund& e = **existing;
                if (e.paymentId != input.paymentId || !(e.amount == input.amount) || e.reasonCode != input.reasonCode)
                    return fail(ErrorCode::IdempotencyConflict,
                        u"request key already used for refund %1 with other parameters"_s.arg(e.outRefundNo));
                r = e;
                return {};
            }
        }
        if (!refundable(p->status))
            return fail(ErrorCode::IllegalTransition,
                u"payment %1 is %2: nothing to refund"_s.arg(p->outTradeNo, statusName(p->status)));
        if (!(input.amount.currency() == p->amount.currency()))
            return fail(ErrorCode::CurrencyMismatch, u"refund currency differs from the payment's"_s);
        auto needsApproval = approvalNeeded(db, *p, input.amount.minorUnits(), actor, now);
        if (!needsApproval)
            return tl::unexpected(needsApproval.error());
        if (auto s = insertReserved(db, *p, input, actor, now, *needsApproval, r); !s)
            return s;
        submitNow = !*needsApproval;
        return {};
    });
    if (!done)
        return tl::unexpected(done.error());
    // The refund is requested and its submission is in the outbox: whatever this first attempt meets (a refusal
    // makes it FAILED, an unknown outcome leaves it PROCESSING for the outbox), the stored refund is the answer.
    if (submitNow)
        (void)send(r.id, actor.username, false);
    return find(r.id);
}

Status RefundService::insertReserved(const QSqlDatabase& db,
    const Payment& payment,
    const RefundInput& input,
    const Actor& actor,
    qint64 now,
    bool needsApproval,
    Refund& r)
{
    const SqlDialect& dialect = m_database.dialect();
    RefundLedger ledger(db, dialect, now);
    if (auto s = ledger.reserve(payment, input.amount.minorUnits()); !s)
        return s;

    r = Refund {};
    r.outRefundNo = service::newReference(u"RF"_s, now);
    r.paymentId = payment.id;
    r.status = domain::RefundStatus::Requested;
    r.amount = input.amount;
    r.reasonCode = input.reasonCode.trimmed();
    r.reasonText = input.reasonText;
    r.requestKey = input.requestKey;
    r.requestedBy = actor.userId;
    r.createdAtMs = now;
    r.updatedAtMs = now;
    auto id = RefundRepository::insert(db, r);
    if (!id)
        return tl::unexpected(id.error());
    r.id = *id;

    const domain::RefundStatus to =
        needsApproval ? domain::RefundStatus::AwaitingApproval : domain::RefundStatus::Processing;
    const QJsonObject detail { { u"out_trade_no"_s, payment.outTradeNo },
        { u"out_refund_no"_s, r.outRefundNo },
        { u"amount_minor"_s, r.amount.minorUnits() },
        { u"reason_code"_s, r.reasonCode },
        { u"before"_s,
            QJsonObject {
                { u"reserved_minor"_s, payment.reservedMinor }, { u"refunded_minor"_s, payment.refundedMinor } } },
        { u"after"_s,
            QJsonObject { { u"reserved_minor"_s, payment.reservedMinor + r.amount.minorUnits() },
                { u"refunded_minor"_s, payment.refundedMinor },
                { u"refund_status"_s, statusName(to) } } } };
    if (auto s = service::audit(db, dialect, now, actor.username, u"refund.request"_s, u"refund"_s, r.id, detail); !s)
        return s;
    if (!needsApproval) {
        auto queued = Outbox::enqueue(
            db, Outbox::kSubmitRefund, u"refund"_s, r.id, {}, now, m_options.owner, now + m_options.submitLeaseMs);
        if (!queued)
            return tl::unexpected(queued.error());
    }
    TransitionSpec spec { domain::EntityType::Refund,
        r.id,
        domain::RefundStatus::Requested,
        to,
        u"refund.request"_s,
        actor.username,
        detail,
        {} };
    if (auto s = Transitions::applyInTransaction(db, dialect, now, spec); !s)
        return s;
    r.status = to;
    return {};
}

Result<bool> RefundService::approvalNeeded(
    const QSqlDatabase& db, const Payment& p, qint64 amountMinor, const Actor& actor, qint64 now) const
{
    auto policy = RefundPolicyStore::load(db);
    if (!policy)
        return tl::unexpected(policy.error());
    // The payment's running total, not this refund alone: three refunds just under the threshold are one large one.
    if (p.refundedMinor + p.reservedMinor + amountMinor > policy->approvalThresholdMinor)
        return true;
    if (policy->dailyCapPerUserMinor <= 0)
        return false;
    auto today = RefundRepository::requestedSince(db, actor.userId, service::chinaDayStartMs(now));
    if (!today)
        return tl::unexpected(today.error());
    return *today + amountMinor > policy->dailyCapPerUserMinor;
}

Status RefundService::approveIn(const QSqlDatabase& db, qint64 refundId, const Actor& actor, qint64 now)
{
    const SqlDialect& dialect = m_database.dialect();
    auto unlocked = RefundRepository::load(db, dialect, refundId, false);
    if (!unlocked)
        return tl::unexpected(unlocked.error());
    auto p = PaymentRepository::load(db, dialect, unlocked->paymentId, true);
    if (!p)
        return tl::unexpected(p.error());
    auto r = RefundRepository::load(db, dialect, refundId, true);
    if (!r)
        return tl::unexpected(r.error());
    if (r->requestedBy == actor.userId)
        return fail(ErrorCode::PermissionDenied, u"the requester of refund %1 cannot approve it"_s.arg(r->outRefundNo));
    if (r->status != domain::RefundStatus::AwaitingApproval)
        return fail(ErrorCode::IllegalTransition,
            u"refund %1 is %2, not awaiting approval"_s.arg(r->outRefundNo, statusName(r->status)));
    const QJsonObject detail { { u"out_refund_no"_s, r->outRefundNo },
        { u"amount_minor"_s, r->amount.minorUnits() },
        { u"reason_code"_s, r->reasonCode },
        { u"requested_by"_s, r->requestedBy },
        { u"before"_s, QJsonObject { { u"status"_s, statusName(r->status) } } },
        { u"after"_s,
            QJsonObject {
                { u"status"_s, statusName(domain::RefundStatus::Processing) }, { u"approved_by"_s, actor.userId } } } };
    if (auto s = service::audit(db, dialect, now, actor.username, u"refund.approve"_s, u"refund"_s, r->id, detail); !s)
        return s;
    auto queued = Outbox::enqueue(
        db, Outbox::kSubmitRefund, u"refund"_s, r->id, {}, now, m_options.owner, now + m_options.submitLeaseMs);
    if (!queued)
        return tl::unexpected(queued.error());
    TransitionSpec spec { domain::EntityType::Refund,
        r->id,
        domain::RefundStatus::AwaitingApproval,
        domain::RefundStatus::Processing,
        u"refund.approve"_s,
        actor.username,
        detail,
        {} };
    spec.set << qMakePair(u"approved_by"_s, QVariant(actor.userId));
    return Transitions::applyInTransaction(db, dialect, now, spec);
}

Result<Refund> RefundService::approve(qint64 refundId, const Actor& actor)
{
    if (auto s = AccessControl::check(actor, Action::ApproveRefund); !s)
        return tl::unexpected(s.error());
    const qint64 now = m_clock.nowMSecs();
    auto done = service::inTransaction(m_database, [&](const QSqlDatabase& db) {
        return approveIn(db, refundId, actor, now);
    });
    if (!done)
        return tl::unexpected(done.error());
    (void)send(refundId, actor.username, false); // as in request(): the stored refund is the answer
    return find(refundId);
}

Result<Refund> RefundService::reject(qint64 refundId, const QString& reason, const Actor& actor)
{
    if (auto s = AccessControl::check(actor, Action::ApproveRefund); !s)
        return tl::unexpected(s.error());
    const qint64 now = m_clock.nowMSecs();
    const SqlDialect& dialect = m_database.dialect();
    auto done = service::inTransaction(m_database, [&](const QSqlDatabase& db) -> Status {
        auto unlocked = RefundRepository::load(db, dialect, refundId, false);
        if (!unlocked)
            return tl::unexpected(unlocked.error());
        auto p = PaymentRepository::load(db, dialect, unlocked->paymentId, true);
        if (!p)
            return tl::unexpected(p.error());
        auto r = RefundRepository::load(db, dialect, refundId, true);
        if (!r)
            return tl::unexpected(r.error());
        if (r->status != domain::RefundStatus::AwaitingApproval)
            return fail(ErrorCode::IllegalTransition,
                u"refund %1 is %2, not awaiting approval"_s.arg(r->outRefundNo, statusName(r->status)));
        return RefundLedger(db, dialect, now)
            .release(*p,
                *r,
                domain::RefundStatus::AwaitingApproval,
                u"REJECTED"_s,
                reason,
                u"refund.reject"_s,
                actor.username);
    });
    if (!done)
        return tl::unexpected(done.error());
    return find(refundId);
}

Result<Refund> RefundService::submit(qint64 refundId, const QString& actor)
{
    // The outbox runs this for an item whose earlier attempt may have reached the channel (an unknown answer, or a
    // crash before its commit): ask first.
    return send(refundId, actor, true);
}

Result<Refund> RefundService::send(qint64 refundId, const QString& actor, bool askFirst)
{
    auto r = find(refundId);
    if (!r)
        return tl::unexpected(r.error());
    auto p = PaymentRepository(m_database).find(r->paymentId);
    if (!p)
        return tl::unexpected(p.error());
    if (r->status != domain::RefundStatus::Processing) {
        // Already final (a notification beat us) or never approved: there is nothing to send; finish the outbox item.
        (void)finishSubmission(refundId, u"refund is "_s + statusName(r->status));
        return *r;
    }
    auto channel = m_channels.channel(p->channel);
    if (!channel)
        return tl::unexpected(channel.error());
    if (askFirst) {
        auto known = (*channel)->queryRefund(p->outTradeNo, r->outRefundNo);
        if (known)
            return recordAnswer(*p, *r, *known, actor); // it reached the channel: no second submission
        // Submit again only when the channel verifiably has no such refund; anything else is still unknown.
        if (!(known.error().definite && known.error().code == ErrorCode::OrderNotExist))
            return unknownOutcome(*r, known.error());
    }
    RefundRequest req { p->outTradeNo,
        p->channelTxnId,
        r->outRefundNo,
        r->amount,
        p->amount,
        r->reasonText.isEmpty() ? r->reasonCode : r->reasonText,
        {} };
    auto answer = (*channel)->refund(req);
    if (answer)
        return recordAnswer(*p, *r, *answer, actor);
    if (answer.error().definite)
        return recordRefusal(*p, *r, answer.error(), actor);
    return unknownOutcome(*r, answer.error());
}

Status RefundService::finishSubmission(qint64 refundId, const QString& note) const
{
    return service::inTransaction(m_database, [&](const QSqlDatabase& db) -> Status {
        auto item = Outbox::pendingFor(db, Outbox::kSubmitRefund, refundId);
        return item ? Outbox::complete(db, item->id, m_clock.nowMSecs(), note) : Status {};
    });
}

Result<Refund> RefundService::recordAnswer(const Payment& p, const Refund& r, RefundStatus fact, const QString& actor)
{
    const qint64 now = m_clock.nowMSecs();
    auto done = service::inTransaction(m_database, [&](const QSqlDatabase& db) -> Status {
        if (auto item = Outbox::pendingFor(db, Outbox::kSubmitRefund, r.id); item) {
            if (auto s = Outbox::complete(db, item->id, now); !s)
                return s;
        }
        if (fact.outRefundNo.isEmpty())
            fact.outRefundNo = r.outRefundNo;
        auto applied = m_applier.applyRefundIn(db, p.channel, fact, u"refund.submit"_s, actor);
        return applied ? Status {} : Status(tl::unexpected(applied.error()));
    });
    if (!done)
        return tl::unexpected(done.error());
    return find(r.id);
}

Result<Refund> RefundService::recordRefusal(
    const Payment& p, const Refund& r, const Error& refusal, const QString& actor)
{
    // A verified, explicit refusal (not enough balance, parameters refused, ...): the money never left.
    const qint64 now = m_clock.nowMSecs();
    const SqlDialect& dialect = m_database.dialect();
    auto done = service::inTransaction(m_database, [&](const QSqlDatabase& db) -> Status {
        if (auto item = Outbox::pendingFor(db, Outbox::kSubmitRefund, r.id); item) {
            if (auto s = Outbox::complete(db, item->id, now, errorCodeName(refusal.code)); !s)
                return s;
        }
        auto locked = PaymentRepository::load(db, dialect, p.id, true);
        if (!locked)
            return tl::unexpected(locked.error());
        auto current = RefundRepository::load(db, dialect, r.id, true);
        if (!current)
            return tl::unexpected(current.error());
        if (current->status != domain::RefundStatus::Processing)
            return {};
        return RefundLedger(db, dialect, now)
            .release(*locked,
                *current,
                domain::RefundStatus::Processing,
                errorCodeName(refusal.code),
                refusal.detail,
                u"refund.submit"_s,
                actor);
    });
    if (!done)
        return tl::unexpected(done.error());
    return find(r.id);
}

Result<Refund> RefundService::unknownOutcome(const Refund& r, const Error& error)
{
    // The refund may or may not be at the channel: it stays PROCESSING with its reservation, and the outbox asks
    // the channel (same out_refund_no) before anything else is done with it.
    const qint64 now = m_clock.nowMSecs();
    const SqlDialect& dialect = m_database.dialect();
    (void)service::inTransaction(m_database, [&](const QSqlDatabase& db) -> Status {
        auto item = Outbox::pendingFor(db, Outbox::kSubmitRefund, r.id);
        if (!item) // none pending: the item is dead (a person was alerted) or this was not an outbox run
            return item.error().code == ErrorCode::NotFound ? Status {} : Status(tl::unexpected(item.error()));
        auto dead = Outbox::retryLater(db,
            item->id,
            errorCodeName(error.code) + u": "_s + error.detail.left(200),
            now,
            now + service::backoffMs(item->attempts, m_options.retryBaseMs, m_options.retryCapMs),
            m_options.maxSubmitAttempts);
        if (!dead)
            return tl::unexpected(dead.error());
        if (*dead)
            return service::event(db,
                dialect,
                now,
                u"outbox.dead"_s,
                u"refund"_s,
                r.id,
                { { u"kind"_s, Outbox::kSubmitRefund }, { u"out_refund_no"_s, r.outRefundNo } });
        return {};
    });
    return tl::unexpected(error);
}

Result<Refund> RefundService::syncWithChannel(qint64 refundId, const QString& actor)
{
    auto r = find(refundId);
    if (!r)
        return tl::unexpected(r.error());
    auto p = PaymentRepository(m_database).find(r->paymentId);
    if (!p)
        return tl::unexpected(p.error());
    auto channel = m_channels.channel(p->channel);
    if (!channel)
        return tl::unexpected(channel.error());
    auto fact = (*channel)->queryRefund(p->outTradeNo, r->outRefundNo);
    if (!fact)
        return tl::unexpected(fact.error());
    if (fact->outRefundNo.isEmpty())
        fact->outRefundNo = r->outRefundNo;
    auto applied = m_applier.applyRefund(p->channel, *fact, u"refund.sync"_s, actor);
    if (!applied)
        return tl::unexpected(applied.error());
    return find(refundId);
}

Result<Refund> RefundService::find(qint64 refundId) const
{
    return m_refunds.find(refundId);
}

} // namespace paydesk
