// paydeskctl charge, status, history, refund, approve, reject: the money commands, each as the signed-in user
// (--user, password on stdin or $PAYDESK_PASSWORD_FILE), with permissions enforced by the services.
#include <QJsonArray>

#include "core/domain/StateMachine.h"
#include "core/store/Transitions.h"

#include "Ctl.h"
#include "CtlServices.h"

using namespace Qt::StringLiterals;

namespace paydesk::ctl {

namespace {

Result<qint64> idArgument(const Ctl& ctl, const QString& what)
{
    bool ok = false;
    const qint64 id = ctl.args().words.value(1).toLongLong(&ok);
    if (!ok || id <= 0)
        return fail(ErrorCode::InvalidArgument, u"%1 needs a numeric id"_s.arg(what));
    return id;
}

/// Opens the services (with the channels when `channels`) and signs the user in.
Result<std::pair<std::unique_ptr<CtlServices>, Actor>> session(Ctl& ctl, bool channels)
{
    // Sign in before opening any key, so a wrong password learns nothing else.
    auto db = ctl.database();
    if (!db)
        return tl::unexpected(db.error());
    auto actor = ctl.actor(**db);
    if (!actor)
        return tl::unexpected(actor.error());
    auto lease = leaseOption(ctl.args());
    if (!lease)
        return tl::unexpected(lease.error());
    auto services = CtlServices::open(*db, channels, *lease);
    if (!services)
        return tl::unexpected(services.error());
    return std::pair { std::move(*services), *actor };
}

int printRefund(Ctl& ctl, const Result<Refund>& refund)
{
    if (!refund)
        return ctl.failed(refund.error());
    return ctl.ok(refundJson(*refund), refundText(*refund));
}

} // namespace

int runCharge(Ctl& ctl)
{
    const auto kind = channelKindFromName(ctl.args().value(u"channel"_s));
    if (!kind)
        return ctl.usage(u"charge needs --channel wechatpay|alipay"_s);
    const auto amount = Money::parse(ctl.args().value(u"amount"_s));
    if (!amount)
        return ctl.failed(amount.error());
    auto s = session(ctl, true);
    if (!s)
        return ctl.failed(s.error());
    CreatePaymentRequest request;
    request.channel = *kind;
    request.amount = *amount;
    request.description = ctl.args().value(u"description"_s, u"PayDesk"_s);
    request.idempotencyKey = ctl.args().value(u"idempotency-key"_s);
    request.ttlSecs = ctl.args().value(u"ttl"_s, u"0"_s).toLongLong();
    request.terminal = ctl.args().value(u"terminal"_s, u"paydeskctl"_s);
    auto payment = s->first->payments().create(request, s->second);
    if (!payment)
        return ctl.failed(payment.error());
    return ctl.ok(paymentJson(*payment), paymentText(*payment));
}

int runStatus(Ctl& ctl)
{
    auto id = idArgument(ctl, u"status"_s);
    if (!id)
        return ctl.failed(id.error(), 2);
    if (ctl.args().has(u"sync"_s)) {
        auto s = session(ctl, true);
        if (!s)
            return ctl.failed(s.error());
        auto payment = s->first->payments().syncWithChannel(*id, s->second);
        if (!payment)
            return ctl.failed(payment.error());
        return ctl.ok(paymentJson(*payment), paymentText(*payment));
    }
    auto db = ctl.database();
    if (!db)
        return ctl.failed(db.error());
    auto services = CtlServices::open(*db, false);
    if (!services)
        return ctl.failed(services.error());
    // Ops with access to the database read without signing in; a user given with --user reads as that user.
    Result<Payment> payment = fail(ErrorCode::Internal);
    if (ctl.args().value(u"user"_s).isEmpty()) {
        payment = PaymentRepository((*services)->database()).find(*id);
    } else {
        auto actor = ctl.actor((*services)->database());
        if (!actor)
            return ctl.failed(actor.error());
        payment = (*services)->payments().status(*id, *actor);
    }
    if (!payment)
        return ctl.failed(payment.error());
    return ctl.ok(paymentJson(*payment), paymentText(*payment));
}

int runHistory(Ctl& ctl)
{
    auto id = idArgument(ctl, u"history"_s);
    if (!id)
        return ctl.failed(id.error(), 2);
    auto db = ctl.database();
    if (!db)
        return ctl.failed(db.error());
    auto payment = PaymentRepository(**db).find(*id);
    if (!payment)
        return ctl.failed(payment.error());
    auto refunds = RefundRepository(**db).forPayment(*id);
    if (!refunds)
        return ctl.failed(refunds.error());
    auto conn = (*db)->connection();
    if (!conn)
        return ctl.failed(conn.error());

    QJsonArray rows;
    QStringList lines { paymentText(*payment) };
    auto add = [&](domain::EntityType entity, qint64 entityId) -> Status {
        auto history = Transitions::history(*conn, entity, entityId);
        if (!history)
            return tl::unexpected(history.error());
        for (const HistoryRow& h : *history) {
            const QString name = domain::entityTypeName(entity);
            rows.append(QJsonObject { { u"entity"_s, name },
                { u"entity_id"_s, entityId },
                { u"from"_s, h.from.name() },
                { u"to"_s, h.to.name() },
                { u"cause"_s, h.cause },
                { u"actor"_s, h.actor },
                { u"at"_s, isoTime(h.atMs) },
                { u"detail"_s, h.detail } });
            lines << u"  %1  %2 %3  %4 -> %5  (%6, %7)"_s.arg(isoTime(h.atMs), name)
                         .arg(entityId)
                         .arg(h.from.name(), h.to.name(), h.cause, h.actor);
        }
        return {};
    };
    if (auto st = add(domain::EntityType::Payment, *id); !st)
        return ctl.failed(st.error());
    QJsonArray refundRows;
    for (const Refund& r : *refunds) {
        refundRows.append(refundJson(r));
        if (auto st = add(domain::EntityType::Refund, r.id); !st)
            return ctl.failed(st.error());
    }
    return ctl.ok({ { u"payment"_s, paymentJson(*payment) }, { u"refunds"_s, refundRows }, { u"history"_s, rows } },
        lines.join(u'\n'));
}

int runRefund(Ctl& ctl)
{
    auto id = idArgument(ctl, u"refund"_s);
    if (!id)
        return ctl.failed(id.error(), 2);
    const auto amount = Money::parse(ctl.args().value(u"amount"_s));
    if (!amount)
        return ctl.failed(amount.error());
    if (ctl.args().value(u"reason"_s).isEmpty())
        return ctl.usage(u"refund needs --reason CODE (customer_request, wrong_amount, ...)"_s);
    auto s = session(ctl, true);
    if (!s)
        return ctl.failed(s.error());
    RefundInput input;
    input.paymentId = *id;
    input.amount = *amount;
    input.reasonCode = ctl.args().value(u"reason"_s);
    input.reasonText = ctl.args().value(u"note"_s);
    input.requestKey = ctl.args().value(u"request-key"_s);
    return printRefund(ctl, s->first->refunds().request(input, s->second));
}

int runApprove(Ctl& ctl)
{
    auto id = idArgument(ctl, u"approve"_s);
    if (!id)
        return ctl.failed(id.error(), 2);
    auto s = session(ctl, true);
    if (!s)
        return ctl.failed(s.error());
    return printRefund(ctl, s->first->refunds().approve(*id, s->second));
}

int runReject(Ctl& ctl)
{
    auto id = idArgument(ctl, u"reject"_s);
    if (!id)
        return ctl.failed(id.error(), 2);
    if (ctl.args().value(u"reason"_s).isEmpty())
        return ctl.usage(u"reject needs --reason TEXT"_s);
    auto s = session(ctl, false);
    if (!s)
        return ctl.failed(s.error());
    return printRefund(ctl, s->first->refunds().reject(*id, ctl.args().value(u"reason"_s), s->second));
}

} // namespace paydesk::ctl
