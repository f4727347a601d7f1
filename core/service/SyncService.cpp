#include "core/service/SyncService.h"

#include "core/domain/StateMachine.h"
#include "core/service/ChannelFactApplier.h"
#include "core/service/ChannelRegistry.h"
#include "core/service/RefundService.h"
#include "core/service/ServiceSupport.h"
#include "core/store/Database.h"
#include "core/store/Outbox.h"
#include "core/store/PaymentRepository.h"
#include "core/store/RefundRepository.h"
#include "core/store/Transitions.h"
#include "core/util/Clock.h"

using namespace Qt::StringLiterals;

namespace paydesk {

namespace {

const QString kExpiryActor = u"system:expiry"_s;

/// A close that failed with a verified "already closed" or "no such order": nobody can pay it any more.
bool closedForCertain(const Error& e)
{
    return e.definite && (e.code == ErrorCode::OrderClosed || e.code == ErrorCode::OrderNotExist);
}

template <typename T>
Result<QList<T>> withConnection(const Database& database, const std::function<Result<QList<T>>(const QSqlDatabase&)>& f)
{
    auto db = database.connection();
    if (!db)
        return tl::unexpected(db.error());
    return f(*db);
}

} // namespace

SyncService::SyncService(const Database& database,
    const Clock& clock,
    ChannelRegistry& channels,
    ChannelFactApplier& applier,
    RefundService& refunds,
    SyncOptions options)
    : m_database(database)
    , m_clock(clock)
    , m_channels(channels)
    , m_applier(applier)
    , m_refunds(refunds)
    , m_options(std::move(options))
    , m_leases(database)
{
    Q_ASSERT(!m_options.owner.isEmpty());
}

Result<JobReport> SyncService::runJob(const QString& job)
{
    auto claimed = m_leases.claim(job, m_options.owner, m_clock.nowMSecs(), m_options.leaseMs);
    if (!claimed)
        return tl::unexpected(claimed.error());
    if (!*claimed)
        return JobReport {};
    Result<JobReport> report = fail(ErrorCode::InvalidArgument, u"unknown job %1"_s.arg(job));
    if (job == kPollPending)
        report = pollPending();
    else if (job == kExpirePending)
        report = expirePending();
    else if (job == kSyncRefunds)
        report = syncRefunds();
    else if (job == kOutbox)
        report = runOutbox();
    const QString summary = report ? u"processed %1, failed %2"_s.arg(report->processed).arg(report->failed)
                                   : errorCodeName(report.error().code) + u": "_s + report.error().detail;
    (void)m_leases.release(job, m_options.owner, m_clock.nowMSecs(), summary);
    return report;
}

Result<JobReport> SyncService::pollPending()
{
    const qint64 now = m_clock.nowMSecs();
    auto due = withConnection<Payment>(m_database, [&](const QSqlDatabase& db) {
        return PaymentRepository::due(db, domain::PaymentStatus::Pending, false, now, m_options.batch);
    });
    if (!due)
        return tl::unexpected(due.error());
    JobReport report { true, 0, 0 };
    for (const Payment& p : std::as_const(*due)) {
        ++report.processed;
        auto channel = m_channels.channel(p.channel);
        Status outcome = channel ? Status {} : Status(tl::unexpected(channel.error()));
        if (outcome) {
            auto fact = (*channel)->query(p.outTradeNo);
            if (!fact)
                outcome = tl::unexpected(fact.error());
            else if (auto applied = m_applier.applyTrade(p.channel, *fact, u"poll"_s, u"system:poll"_s); !applied)
                outcome = tl::unexpected(applied.error());
        }
        const int attempts = outcome ? 0 : p.checkAttempts + 1;
        const qint64 next = outcome
            ? now + m_options.pollIntervalMs
            : now + service::backoffMs(attempts, m_options.backoffBaseMs, m_options.backoffCapMs);
        if (!outcome)
            ++report.failed;
        auto scheduled = service::inTransaction(m_database, [&](const QSqlDatabase& db) {
            return PaymentRepository::scheduleCheck(db, p.id, next, attempts);
        });
        if (!scheduled)
            return tl::unexpected(scheduled.error());
    }
    auto watched = watchClosed(now);
    if (!watched)
        return tl::unexpected(watched.error());
    report.processed += watched->processed;
    report.failed += watched->failed;
    return report;
}

Result<JobReport> SyncService::watchClosed(qint64 now)
{
    auto due = withConnection<Payment>(m_database, [&](const QSqlDatabase& db) {
        return PaymentRepository::dueClosedWatch(
            db, ChannelKind::Alipay, now - m_options.closedWatchGraceMs, now, m_options.batch);
    });
    if (!due)
        return tl::unexpected(due.error());
    JobReport report { true, 0, 0 };
    for (const Payment& p : std::as_const(*due)) {
        ++report.processed;
        bool settled = false;
        const Status outcome = watchOne(p, &settled);
        if (!outcome)
            ++report.failed;
        // Until the expiry as often as a pending payment; past it (only Alipay's clock may still differ) backing off.
        const int attempts = outcome && now < p.expiresAtMs ? 0 : p.checkAttempts + 1;
        qint64 next = now
            + (attempts == 0 ? m_options.pollIntervalMs
                             : service::backoffMs(attempts, m_options.backoffBaseMs, m_options.backoffCapMs));
        if (settled)
            next = p.expiresAtMs + m_options.closedWatchGraceMs; // past the window: never picked again
        auto scheduled = service::inTransaction(m_database, [&](const QSqlDatabase& db) {
            return PaymentRepository::scheduleCheck(db, p.id, next, attempts);
        });
        if (!scheduled)
            return tl::unexpected(scheduled.error());
    }
    return report;
}

Status SyncService::watchOne(const Payment& p, bool* settled)
{
    auto channel = m_channels.channel(p.channel);
    if (!channel)
        return tl::unexpected(channel.error());
    auto fact = (*channel)->query(p.outTradeNo);
    if (!fact)
        return tl::unexpected(fact.error());
    if (fact->state == TradeState::Closed) {
        *settled = true; // the trade exists at Alipay and is closed: nobody can pay it any more
        return {};
    }
    if (fact->state == TradeState::NotPaid && fact->existsAtChannel) {
        // Scanned after our close: the trade exists now, so it can be closed now. The next query confirms it.
        auto closed = (*channel)->close(p.outTradeNo);
        if (closed || closed.error().code != ErrorCode::OrderPaid)
            return closed;
        fact = (*channel)->query(p.outTradeNo);
        if (!fact)
            return tl::unexpected(fact.error());
    }
    // Paid: CLOSED -> PAID_AFTER_CLOSE with its alert; not (yet) known at Alipay: nothing to learn, keep watching.
    auto applied = m_applier.applyTrade(p.channel, *fact, u"poll.after_close"_s, u"system:poll"_s);
    return applied ? Status {} : Status(tl::unexpected(applied.error()));
}

Result<JobReport> SyncService::expirePending()
{
    const qint64 now = m_clock.nowMSecs();
    auto due = withConnection<Payment>(m_database, [&](const QSqlDatabase& db) {
        return PaymentRepository::due(db, domain::PaymentStatus::Pending, true, now, m_options.batch);
    });
    if (!due)
        return tl::unexpected(due.error());
    JobReport report { true, 0, 0 };
    for (const Payment& p : std::as_const(*due)) {
        ++report.processed;
        if (expireOne(p.id))
            continue;
        ++report.failed;
        const int attempts = p.checkAttempts + 1;
        const qint64 next = now + service::backoffMs(attempts, m_options.backoffBaseMs, m_options.backoffCapMs);
        auto scheduled = service::inTransaction(m_database, [&](const QSqlDatabase& db) {
            return PaymentRepository::scheduleCheck(db, p.id, next, attempts);
        });
        if (!scheduled)
            return tl::unexpected(scheduled.error());
    }
    return report;
}

Status SyncService::expireOne(qint64 paymentId)
{
    auto p = PaymentRepository(m_database).find(paymentId);
    if (!p)
        return tl::unexpected(p.error());
    if (p->status != domain::PaymentStatus::Pending)
        return {};
    auto channel = m_channels.channel(p->channel);
    if (!channel)
        return tl::unexpected(channel.error());
    // Query first: a payment made in the last seconds must end SUCCEEDED, never CLOSED. "Does not exist" counts only
    // when it is certain (a verified answer), like every refusal below.
    auto fact = (*channel)->query(p->outTradeNo);
    if (!fact && !(fact.error().code == ErrorCode::OrderNotExist && fact.error().definite))
        return tl::unexpected(fact.error());
    if (fact && fact->state != TradeState::NotPaid && fact->state != TradeState::PayError) {
        auto applied = m_applier.applyTrade(p->channel, *fact, u"expiry.query"_s, kExpiryActor);
        return applied ? Status {} : Status(tl::unexpected(applied.error()));
    }
    auto closed = (*channel)->close(p->outTradeNo);
    if (!closed) {
        if (closed.error().code == ErrorCode::OrderPaid) {
            auto again = (*channel)->query(p->outTradeNo);
            if (!again)
                return tl::unexpected(again.error());
            auto applied = m_applier.applyTrade(p->channel, *again, u"expiry.query"_s, kExpiryActor);
            return applied ? Status {} : Status(tl::unexpected(applied.error()));
        }
        // Only a verified answer says the order is closed; anything else may have left it payable: try again.
        if (!closedForCertain(closed.error()))
            return closed;
    }
    TradeStatus closedFact;
    closedFact.outTradeNo = p->outTradeNo;
    closedFact.state = TradeState::Closed;
    closedFact.rawState = u"CLOSED_AT_EXPIRY"_s;
    auto applied = m_applier.applyTrade(p->channel, closedFact, u"expiry.close"_s, kExpiryActor);
    return applied ? Status {} : Status(tl::unexpected(applied.error()));
}

Result<JobReport> SyncService::syncRefunds()
{
    const qint64 now = m_clock.nowMSecs();
    auto due = withConnection<Refund>(m_database, [&](const QSqlDatabase& db) {
        return RefundRepository::due(db, domain::RefundStatus::Processing, now, m_options.batch);
    });
    if (!due)
        return tl::unexpected(due.error());
    JobReport report { true, 0, 0 };
    for (const Refund& r : std::as_const(*due)) {
        ++report.processed;
        auto synced = m_refunds.syncWithChannel(r.id, u"system:refund-sync"_s);
        if (!synced)
            ++report.failed;
        if (synced && synced->status != domain::RefundStatus::Processing)
            continue;
        // Refunds take minutes to days at the channel: back off whether the answer was "still processing" or an error.
        const int attempts = r.checkAttempts + 1;
        const qint64 next = now + service::backoffMs(attempts, m_options.backoffBaseMs, m_options.backoffCapMs);
        auto scheduled = service::inTransaction(m_database, [&](const QSqlDatabase& db) {
            return RefundRepository::scheduleCheck(db, r.id, next, attempts);
        });
        if (!scheduled)
            return tl::unexpected(scheduled.error());
    }
    return report;
}

Result<JobReport> SyncService::runOutbox()
{
    const qint64 now = m_clock.nowMSecs();
    QList<OutboxItem> items;
    auto claimed = service::inTransaction(m_database, [&](const QSqlDatabase& db) -> Status {
        auto c = Outbox::claimDue(db, m_options.owner, now, m_options.leaseMs, m_options.batch);
        if (!c)
            return tl::unexpected(c.error());
        items = *c;
        return {};
    });
    if (!claimed)
        return tl::unexpected(claimed.error());
    JobReport report { true, 0, 0 };
    for (const OutboxItem& item : std::as_const(items)) {
        ++report.processed;
        Status done;
        if (item.kind == Outbox::kSubmitRefund) {
            auto r = m_refunds.submit(item.entityId, u"system:outbox"_s); // reschedules or completes its item itself
            done = r ? Status {} : Status(tl::unexpected(r.error()));
        } else if (item.kind == Outbox::kCloseOrder) {
            done = closeOrder(item);
        } else {
            done = fail(ErrorCode::InvalidArgument, u"unknown outbox kind %1"_s.arg(item.kind));
        }
        if (!done)
            ++report.failed;
    }
    return report;
}

Status SyncService::closeOrder(const OutboxItem& item)
{
    const qint64 now = m_clock.nowMSecs();
    auto p = PaymentRepository(m_database).find(item.entityId);
    if (!p)
        return tl::unexpected(p.error());
    auto channel = m_channels.channel(p->channel);
    if (!channel)
        return tl::unexpected(channel.error());
    // The create's outcome was unknown: what the channel says about the order comes first (it may even be paid).
    const Status outcome = resolveUnknownCreate(*p, **channel);
    const bool paid = !outcome && outcome.error().code == ErrorCode::OrderPaid;
    if (outcome && p->status == domain::PaymentStatus::Created) {
        if (auto s = markCreateFailed(*p, item); !s)
            return s;
    }
    return service::inTransaction(m_database, [&](const QSqlDatabase& db) -> Status {
        if (outcome)
            return Outbox::complete(db, item.id, now);
        const QString error = errorCodeName(outcome.error().code);
        if (!paid) {
            auto dead = Outbox::retryLater(db,
                item.id,
                error,
                now,
                now + service::backoffMs(item.attempts, m_options.backoffBaseMs, m_options.backoffCapMs),
                m_options.maxOutboxAttempts);
            if (!dead)
                return tl::unexpected(dead.error());
            if (!*dead)
                return {};
        } else if (auto s = Outbox::complete(db, item.id, now, error); !s) {
            return s;
        }
        // Given up, or paid although we never showed the QR: a person must look at it.
        return service::event(db,
            m_database.dialect(),
            now,
            u"outbox.dead"_s,
            u"payment"_s,
            p->id,
            { { u"kind"_s, Outbox::kCloseOrder }, { u"out_trade_no"_s, p->outTradeNo }, { u"error"_s, error } });
    });
}

Status SyncService::resolveUnknownCreate(const Payment& p, Channel& channel)
{
    auto fact = channel.query(p.outTradeNo);
    if (fact && (fact->state == TradeState::Paid || fact->state == TradeState::Refunded)) {
        auto applied = m_applier.applyTrade(p.channel, *fact, u"create.query"_s, kExpiryActor);
        if (!applied)
            return tl::unexpected(applied.error());
        return fail(ErrorCode::OrderPaid, u"order %1 was paid although its QR was never shown"_s.arg(p.outTradeNo));
    }
    if (fact && fact->state == TradeState::Closed)
        return {};
    if (!fact && !(fact.error().code == ErrorCode::OrderNotExist && fact.error().definite))
        return tl::unexpected(fact.error());
    auto closed = channel.close(p.outTradeNo);
    if (!closed && closed.error().code != ErrorCode::OrderPaid && !closedForCertain(closed.error()))
        return closed;
    if (!closed && closed.error().code == ErrorCode::OrderPaid) {
        auto again = channel.query(p.outTradeNo);
        if (!again)
            return tl::unexpected(again.error());
        auto applied = m_applier.applyTrade(p.channel, *again, u"create.query"_s, kExpiryActor);
        if (!applied)
            return tl::unexpected(applied.error());
        return fail(ErrorCode::OrderPaid, u"order %1 was paid although its QR was never shown"_s.arg(p.outTradeNo));
    }
    return {};
}

Status SyncService::markCreateFailed(const Payment& p, const OutboxItem& item)
{
    // Closed for certain at the channel: now the create's failure is a fact.
    const qint64 now = m_clock.nowMSecs();
    const QString code = item.payload.value(u"failure_code"_s).toString(u"Internal"_s);
    const QString detail = item.payload.value(u"failure_detail"_s).toString();
    return service::inTransaction(m_database, [&](const QSqlDatabase& db) -> Status {
        const QJsonObject audit { { u"before"_s,
                                      QJsonObject { { u"status"_s, statusName(domain::PaymentStatus::Created) } } },
            { u"after"_s,
                QJsonObject {
                    { u"status"_s, statusName(domain::PaymentStatus::Failed) }, { u"failure_code"_s, code } } } };
        if (auto s = service::audit(
                db, m_database.dialect(), now, kExpiryActor, u"payment.create_failed"_s, u"payment"_s, p.id, audit);
            !s)
            return s;
        TransitionSpec spec { domain::EntityType::Payment,
            p.id,
            domain::PaymentStatus::Created,
            domain::PaymentStatus::Failed,
            u"create.closed"_s,
            kExpiryActor,
            audit,
            {} };
        spec.set << qMakePair(u"failure_code"_s, QVariant(code)) << qMakePair(u"failure_detail"_s, QVariant(detail));
        auto applied = Transitions::applyInTransaction(db, m_database.dialect(), now, spec);
        // Moved on meanwhile (a notification said paid): the stored row is the truth.
        if (!applied && applied.error().code == ErrorCode::ConcurrentModification)
            return {};
        return applied;
    });
}

} // namespace paydesk
