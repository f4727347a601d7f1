#include "core/service/PaymentService.h"

#include <QCryptographicHash>

#include "core/domain/StateMachine.h"
#include "core/service/ChannelRegistry.h"
#include "core/service/ServiceSupport.h"
#include "core/store/Database.h"
#include "core/store/Outbox.h"
#include "core/store/Sql.h"
#include "core/store/Transitions.h"
#include "core/util/Clock.h"

using namespace Qt::StringLiterals;

namespace paydesk {

namespace {

constexpr qsizetype kMaxDescription = 127;

/// What makes two create calls "the same": every parameter that reaches the channel or the books.
QString requestHash(const CreatePaymentRequest& r, qint64 ttlSecs, qint64 cashierId)
{
    const QString canonical = QStringList { channelKindName(r.channel),
        QString::number(r.amount.minorUnits()),
        r.amount.currency().code(),
        r.description,
        QString::number(ttlSecs),
        r.terminal,
        QString::number(cashierId) }
                                  .join(QChar(u'\x1f'));
    return QString::fromLatin1(QCryptographicHash::hash(canonical.toUtf8(), QCryptographicHash::Sha256).toHex());
}

} // namespace

PaymentService::PaymentService(const Database& database,
    const Clock& clock,
    ChannelRegistry& channels,
    ChannelFactApplier& applier,
    PaymentServiceOptions options)
    : m_database(database)
    , m_clock(clock)
    , m_channels(channels)
    , m_applier(applier)
    , m_options(std::move(options))
    , m_payments(database)
{
}

Result<Payment> PaymentService::create(const CreatePaymentRequest& request, const Actor& actor)
{
    auto ttl = validate(request, actor);
    if (!ttl)
        return tl::unexpected(ttl.error());
    auto channel = m_channels.channel(request.channel);
    if (!channel)
        return tl::unexpected(channel.error());
    const QString hash = requestHash(request, *ttl, actor.userId);
    Payment p = draft(request, **channel, *ttl, actor, hash);
    std::optional<Payment> existing;
    auto inserted = insertOrFind(p, actor, existing);
    if (!inserted && inserted.error().code == ErrorCode::DbConstraint && !p.idempotencyKey.isEmpty()) {
        // Another call with the same key inserted first: answer as that call does.
        auto db = m_database.connection();
        if (!db)
            return tl::unexpected(db.error());
        auto found = PaymentRepository::loadByIdempotencyKey(*db, p.idempotencyKey);
        if (!found)
            return tl::unexpected(found.error());
        if (!*found)
            return tl::unexpected(inserted.error());
        return resume(**found, hash);
    }
    if (!inserted)
        return tl::unexpected(inserted.error());
    if (existing)
        return resume(*existing, hash);
    return issueQr(p, **channel, actor);
}

Result<qint64> PaymentService::validate(const CreatePaymentRequest& request, const Actor& actor) const
{
    if (auto s = AccessControl::check(actor, Action::Charge); !s)
        return tl::unexpected(s.error());
    if (!request.amount.isPositive())
        return fail(ErrorCode::InvalidAmount, u"a payment must be more than zero"_s);
    if (!(request.amount.currency() == Currency::cny()))
        return fail(ErrorCode::CurrencyMismatch, u"both channels charge in CNY only"_s);
    if (request.description.trimmed().isEmpty() || request.description.size() > kMaxDescription)
        return fail(ErrorCode::InvalidArgument, u"description must be 1-%1 characters"_s.arg(kMaxDescription));
    const qint64 ttl = request.ttlSecs > 0 ? request.ttlSecs : m_options.defaultTtlSecs;
    if (ttl < m_options.minTtlSecs || ttl > m_options.maxTtlSecs)
        return fail(ErrorCode::InvalidArgument,
            u"time to live %1 s is outside %2-%3 s"_s.arg(ttl).arg(m_options.minTtlSecs).arg(m_options.maxTtlSecs));
    return ttl;
}

Payment PaymentService::draft(
    const CreatePaymentRequest& request, Channel& channel, qint64 ttl, const Actor& actor, const QString& hash) const
{
    const qint64 now = m_clock.nowMSecs();
    Payment p;
    p.outTradeNo = service::newReference(u"PD"_s, now);
    p.channel = request.channel;
    p.status = domain::PaymentStatus::Created;
    p.amount = request.amount;
    p.idempotencyKey = request.idempotencyKey;
    p.requestHash = hash;
    p.description = request.description;
    p.merchantId = channel.merchantId();
    p.appId = channel.appId();
    p.expiresAtMs = now + ttl * 1000;
    p.cashierId = actor.userId;
    p.terminal = request.terminal;
    p.createdAtMs = now;
    p.updatedAtMs = now;
    return p;
}

Status PaymentService::insertOrFind(Payment& p, const Actor& actor, std::optional<Payment>& existing)
{
    return service::inTransaction(m_database, [&](const QSqlDatabase& db) -> Status {
        existing.reset();
        if (!p.idempotencyKey.isEmpty()) {
            auto found = PaymentRepository::loadByIdempotencyKey(db, p.idempotencyKey);
            if (!found)
                return tl::unexpected(found.error());
            if (*found) {
                existing = **found;
                return {};
            }
        }
        auto id = PaymentRepository::insert(db, p);
        if (!id)
            return tl::unexpected(id.error());
        p.id = *id;
        const QJsonObject detail { { u"after"_s,
            QJsonObject { { u"status"_s, statusName(p.status) },
                { u"amount_minor"_s, p.amount.minorUnits() },
                { u"currency"_s, p.amount.currency().code() },
                { u"channel"_s, channelKindName(p.channel) },
                { u"out_trade_no"_s, p.outTradeNo },
                { u"expires_at"_s, p.expiresAtMs } } } };
        const qint64 now = p.createdAtMs;
        if (auto s = service::audit(
                db, m_database.dialect(), now, actor.username, u"payment.create"_s, u"payment"_s, p.id, detail);
            !s)
            return s;
        return service::event(db, m_database.dialect(), now, u"payment.created"_s, u"payment"_s, p.id, detail);
    });
}

Result<Payment> PaymentService::issueQr(const Payment& p, Channel& channel, const Actor& actor)
{
    CreateQrRequest qr { p.outTradeNo,
        p.amount,
        p.description,
        QDateTime::fromMSecsSinceEpoch(p.expiresAtMs, Qt::UTC),
        m_options.notifyUrl,
        {} };
    auto created = channel.createQr(qr);
    if (!created)
        return recordCreateFailure(p, created.error(), actor.username);
    if (created->codeUrl.isEmpty())
        return recordCreateFailure(
            p, Error { ErrorCode::ChannelRejected, u"the channel returned no code URL"_s }, actor.username);

    auto pending = service::inTransaction(m_database, [&](const QSqlDatabase& db) -> Status {
        const QJsonObject detail { { u"before"_s,
                                       QJsonObject { { u"status"_s, statusName(domain::PaymentStatus::Created) } } },
            { u"after"_s,
                QJsonObject { { u"status"_s, statusName(domain::PaymentStatus::Pending) },
                    { u"expires_at"_s, p.expiresAtMs } } } };
        if (auto s = service::audit(db,
                m_database.dialect(),
                p.createdAtMs,
                actor.username,
                u"payment.qr_issued"_s,
                u"payment"_s,
                p.id,
                detail);
            !s)
            return s;
        TransitionSpec spec { domain::EntityType::Payment,
            p.id,
            domain::PaymentStatus::Created,
            domain::PaymentStatus::Pending,
            u"channel.create"_s,
            actor.username,
            detail,
            {} };
        spec.set << qMakePair(u"code_url"_s, QVariant(created->codeUrl));
        return Transitions::applyInTransaction(db, m_database.dialect(), m_clock.nowMSecs(), spec);
    });
    if (!pending) {
        // A notification may already have moved it on (paid within milliseconds); the stored row says what is true.
        if (pending.error().code != ErrorCode::ConcurrentModification)
            return tl::unexpected(pending.error());
    }
    return m_payments.find(p.id);
}

Result<Payment> PaymentService::resume(const Payment& existing, const QString& requestHash) const
{
    if (existing.requestHash != requestHash)
        return fail(ErrorCode::IdempotencyConflict,
            u"idempotency key already used for payment %1 with other parameters"_s.arg(existing.outTradeNo));
    if (existing.status == domain::PaymentStatus::Failed)
        return fail(service::errorCodeFromName(existing.failureCode), existing.failureDetail);
    return existing;
}

Result<Payment> PaymentService::recordCreateFailure(const Payment& p, const Error& error, const QString& actor)
{
    const qint64 now = m_clock.nowMSecs();
    const QString code = errorCodeName(error.code);
    const QString detail = u"channel create for %1 failed: %2"_s.arg(p.outTradeNo, error.detail);
    // Only a verified refusal means no order exists at the channel. Any other failure (a timeout, an answer we
    // could not verify or read) may have created it: the payment stays CREATED, and the outbox asks the channel,
    // closes the order there for certain (nobody may ever pay a QR we never showed), and only then marks it FAILED.
    const bool known = error.definite;
    auto recorded = service::inTransaction(m_database, [&](const QSqlDatabase& db) -> Status {
        const QJsonObject audit { { u"before"_s,
                                      QJsonObject { { u"status"_s, statusName(domain::PaymentStatus::Created) } } },
            { u"after"_s,
                QJsonObject {
                    { u"status"_s, statusName(known ? domain::PaymentStatus::Failed : domain::PaymentStatus::Created) },
                    { u"failure_code"_s, code } } } };
        if (auto s = service::audit(db,
                m_database.dialect(),
                now,
                actor,
                known ? u"payment.create_failed"_s : u"payment.create_unknown"_s,
                u"payment"_s,
                p.id,
                audit);
            !s)
            return s;
        if (!known) {
            const QJsonObject failure { { u"failure_code"_s, code }, { u"failure_detail"_s, detail } };
            auto queued = Outbox::enqueue(db, Outbox::kCloseOrder, u"payment"_s, p.id, failure, now);
            return queued ? Status {} : Status(tl::unexpected(queued.error()));
        }
        TransitionSpec spec { domain::EntityType::Payment,
            p.id,
            domain::PaymentStatus::Created,
            domain::PaymentStatus::Failed,
            u"channel.create"_s,
            actor,
            audit,
            {} };
        spec.set << qMakePair(u"failure_code"_s, QVariant(code)) << qMakePair(u"failure_detail"_s, QVariant(detail));
        return Transitions::applyInTransaction(db, m_database.dialect(), now, spec);
    });
    if (!recorded)
        return tl::unexpected(recorded.error());
    return tl::unexpected(Error { error.code, detail, known });
}

Result<Payment> PaymentService::cancel(qint64 paymentId, const Actor& actor)
{
    if (auto s = AccessControl::check(actor, Action::CancelPayment); !s)
        return tl::unexpected(s.error());
    auto p = m_payments.find(paymentId);
    if (!p)
        return tl::unexpected(p.error());
    if (p->status == domain::PaymentStatus::Closed)
        return *p;
    if (p->status != domain::PaymentStatus::Pending)
        return fail(
            ErrorCode::IllegalTransition, u"payment %1 is %2, not PENDING"_s.arg(p->outTradeNo, statusName(p->status)));
    auto channel = m_channels.channel(p->channel);
    if (!channel)
        return tl::unexpected(channel.error());
    auto closed = (*channel)->close(p->outTradeNo);
    if (!closed) {
        if (closed.error().code == ErrorCode::OrderPaid) {
            // Paid while the cashier was cancelling: learn it through the one apply path and say so.
            (void)syncWithChannel(paymentId, actor, u"cancel.found_paid"_s);
            return fail(ErrorCode::OrderPaid, u"payment %1 was paid before it could be closed"_s.arg(p->outTradeNo));
        }
        if (!(closed.error().code == ErrorCode::OrderClosed && closed.error().definite))
            return closeInDoubt(*p, **channel, closed.error(), actor);
    }
    TradeStatus fact;
    fact.outTradeNo = p->outTradeNo;
    fact.state = TradeState::Closed;
    fact.rawState = u"CLOSED_BY_MERCHANT"_s;
    auto applied = m_applier.applyTrade(p->channel, fact, u"cancel"_s, actor.username);
    if (!applied)
        return tl::unexpected(applied.error());
    return m_payments.find(paymentId);
}

Result<Payment> PaymentService::closeInDoubt(const Payment& p, Channel& channel, const Error& error, const Actor& actor)
{
    // The close may or may not have happened: the channel's own state decides, never a guess. Still payable (or
    // no answer) leaves the payment PENDING; the expiry job closes it for certain.
    auto fact = channel.query(p.outTradeNo);
    if (!fact || fact->state == TradeState::NotPaid || fact->state == TradeState::PayError)
        return tl::unexpected(error);
    auto applied = m_applier.applyTrade(p.channel, *fact, u"cancel.query"_s, actor.username);
    if (!applied)
        return tl::unexpected(applied.error());
    if (fact->state == TradeState::Paid || fact->state == TradeState::Refunded)
        return fail(ErrorCode::OrderPaid, u"payment %1 was paid before it could be closed"_s.arg(p.outTradeNo));
    return m_payments.find(p.id);
}

Result<Payment> PaymentService::status(qint64 paymentId, const Actor& actor) const
{
    if (auto s = AccessControl::check(actor, Action::ReadPayments); !s)
        return tl::unexpected(s.error());
    return m_payments.find(paymentId);
}

Result<Payment> PaymentService::syncWithChannel(qint64 paymentId, const Actor& actor, const QString& cause)
{
    if (auto s = AccessControl::check(actor, Action::SyncWithChannel); !s)
        return tl::unexpected(s.error());
    auto p = m_payments.find(paymentId);
    if (!p)
        return tl::unexpected(p.error());
    auto channel = m_channels.channel(p->channel);
    if (!channel)
        return tl::unexpected(channel.error());
    auto fact = (*channel)->query(p->outTradeNo);
    if (!fact)
        return tl::unexpected(fact.error());
    auto applied = m_applier.applyTrade(p->channel, *fact, cause, actor.username);
    if (!applied)
        return tl::unexpected(applied.error());
    return m_payments.find(paymentId);
}

} // namespace paydesk
