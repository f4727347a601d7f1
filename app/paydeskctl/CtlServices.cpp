#include "CtlServices.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QHostInfo>

#include "core/util/Clock.h"

using namespace Qt::StringLiterals;

namespace paydesk::ctl {

namespace {

SyncOptions syncOptions(qint64 leaseMs)
{
    SyncOptions o;
    o.owner = u"paydeskctl@%1:%2"_s.arg(QHostInfo::localHostName()).arg(QCoreApplication::applicationPid());
    o.leaseMs = leaseMs;
    return o;
}

RefundServiceOptions refundOptions(qint64 leaseMs)
{
    RefundServiceOptions o;
    o.submitLeaseMs = leaseMs;
    return o;
}

} // namespace

CtlServices::CtlServices(std::shared_ptr<Database> database, crypto::SecretBox box, qint64 leaseMs)
    : m_database(std::move(database))
    , m_box(std::move(box))
    , m_store(*m_database, SystemClock::instance(), m_box)
    , m_channels(m_registry)
    , m_applier(*m_database, SystemClock::instance())
    , m_payments(*m_database, SystemClock::instance(), m_registry, m_applier)
    , m_refunds(*m_database, SystemClock::instance(), m_registry, m_applier, refundOptions(leaseMs))
    , m_sync(*m_database, SystemClock::instance(), m_registry, m_applier, m_refunds, syncOptions(leaseMs))
{
}

Result<std::unique_ptr<CtlServices>> CtlServices::open(
    std::shared_ptr<Database> database, bool channels, qint64 leaseMs)
{
    if (!channels) // no channel calls: no key needed, and none is opened
        return std::make_unique<CtlServices>(std::move(database), crypto::SecretBox(crypto::SecureBytes()), leaseMs);
    auto box = openMasterKey(/*createIfMissing*/ false);
    if (!box)
        return tl::unexpected(box.error());
    auto services = std::make_unique<CtlServices>(std::move(database), std::move(*box), leaseMs);
    if (auto st = services->m_channels.load(services->m_store, SystemClock::instance()); !st)
        return tl::unexpected(st.error());
    return services;
}

Result<qint64> leaseOption(const CtlArgs& args)
{
    if (!args.options.contains(u"lease-ms"_s))
        return CtlServices::kDefaultLeaseMs;
    bool ok = false;
    const qint64 ms = args.value(u"lease-ms"_s).toLongLong(&ok);
    if (!ok || ms < 1000)
        return fail(ErrorCode::InvalidArgument, u"--lease-ms must be a whole number of milliseconds, 1000 or more"_s);
    return ms;
}

QString isoTime(qint64 ms)
{
    if (ms <= 0)
        return {};
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs);
}

QJsonObject paymentJson(const Payment& p)
{
    return { { u"id"_s, p.id },
        { u"out_trade_no"_s, p.outTradeNo },
        { u"channel"_s, channelKindName(p.channel) },
        { u"status"_s, statusName(p.status) },
        { u"amount"_s, p.amount.toDecimalString() },
        { u"amount_minor"_s, p.amount.minorUnits() },
        { u"currency"_s, p.amount.currency().code() },
        { u"refunded_minor"_s, p.refundedMinor },
        { u"reserved_minor"_s, p.reservedMinor },
        { u"refundable_minor"_s, p.refundableMinor() },
        { u"description"_s, p.description },
        { u"merchant_id"_s, p.merchantId },
        { u"app_id"_s, p.appId },
        { u"code_url"_s, p.codeUrl },
        { u"expires_at"_s, isoTime(p.expiresAtMs) },
        { u"channel_txn_id"_s, p.channelTxnId },
        { u"paid_at"_s, isoTime(p.paidAtMs) },
        { u"failure_code"_s, p.failureCode },
        { u"failure_detail"_s, p.failureDetail },
        { u"created_at"_s, isoTime(p.createdAtMs) },
        { u"updated_at"_s, isoTime(p.updatedAtMs) } };
}

QString paymentText(const Payment& p)
{
    QString text = u"payment %1  %2  %3  %4 %5"_s.arg(p.id).arg(
        p.outTradeNo, statusName(p.status), p.amount.toDecimalString(), p.amount.currency().code());
    if (!p.codeUrl.isEmpty() && !p.paidAtMs)
        text += u"\n  code_url: %1\n  expires_at: %2"_s.arg(p.codeUrl, isoTime(p.expiresAtMs));
    if (p.paidAtMs)
        text += u"\n  paid_at: %1  transaction: %2"_s.arg(isoTime(p.paidAtMs), p.channelTxnId);
    if (p.refundedMinor || p.reservedMinor)
        text += u"\n  refunded: %1  reserved: %2 (fen)"_s.arg(p.refundedMinor).arg(p.reservedMinor);
    if (!p.failureCode.isEmpty())
        text += u"\n  failure: %1 %2"_s.arg(p.failureCode, p.failureDetail);
    return text;
}

QJsonObject refundJson(const Refund& r)
{
    return { { u"id"_s, r.id },
        { u"out_refund_no"_s, r.outRefundNo },
        { u"payment_id"_s, r.paymentId },
        { u"status"_s, statusName(r.status) },
        { u"amount"_s, r.amount.toDecimalString() },
        { u"amount_minor"_s, r.amount.minorUnits() },
        { u"reason_code"_s, r.reasonCode },
        { u"reason_text"_s, r.reasonText },
        { u"channel_refund_id"_s, r.channelRefundId },
        { u"requested_by"_s, r.requestedBy },
        { u"approved_by"_s, r.approvedBy },
        { u"failure_code"_s, r.failureCode },
        { u"failure_detail"_s, r.failureDetail },
        { u"created_at"_s, isoTime(r.createdAtMs) },
        { u"updated_at"_s, isoTime(r.updatedAtMs) } };
}

QString refundText(const Refund& r)
{
    QString text = u"refund %1  %2  payment %3  %4  %5"_s.arg(r.id)
                       .arg(r.outRefundNo)
                       .arg(r.paymentId)
                       .arg(statusName(r.status), r.amount.toDecimalString());
    if (!r.failureCode.isEmpty())
        text += u"\n  failure: %1 %2"_s.arg(r.failureCode, r.failureDetail);
    return text;
}

} // namespace paydesk::ctl
