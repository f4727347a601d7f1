#include "core/sim/SimTrades.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QPointer>
#include <QTimer>
#include <QUuid>

#include "core/crypto/Random.h"
#include "core/log/Log.h"
#include "core/sim/AlipaySigning.h"
#include "core/sim/Notifier.h"
#include "core/sim/WeChatEndpoints.h"
#include "core/sim/WeChatSigning.h"

using namespace Qt::StringLiterals;

namespace paydesk::sim {

SimTrades::SimTrades(SimContext& ctx, QObject* parent)
    : QObject(parent)
    , m_ctx(ctx)
{
}

Result<SimOrder> SimTrades::scan(const QString& outTradeNo)
{
    auto order = m_ctx.findOrder(outTradeNo);
    if (!order)
        return paydesk::fail(ErrorCode::NotFound, u"no order %1"_s.arg(outTradeNo));
    if (!order->isOpen())
        return paydesk::fail(
            ErrorCode::IllegalTransition, u"order %1 is %2"_s.arg(outTradeNo, orderStateName(order->state)));
    const qint64 now = m_ctx.nowMs();
    // WeChat's code_url lives 2 hours. An Alipay QR is needed only to create the trade: once scanned, the trade's own
    // end counts (time_expire, or timeout_express after the scan), strictly, as at Alipay.
    const bool qrNeeded = order->channel == SimChannel::WeChat || order->state == OrderState::Created;
    if (now >= order->expiresMs || (qrNeeded && now >= order->codeUrlExpiresMs))
        return paydesk::fail(ErrorCode::OrderClosed, u"the QR code of %1 has expired"_s.arg(outTradeNo));
    if (order->state == OrderState::Created) {
        order->state = OrderState::Scanned;
        order->scannedMs = now;
        if (order->channel == SimChannel::Alipay) {
            order->transactionId = alipayTime(now).left(10).remove(u'-') + u"22001"_s + randomDigits(15);
            if (order->payWindowMs > 0)
                order->expiresMs = std::min(order->expiresMs, now + order->payWindowMs);
        }
        if (auto st = m_ctx.store.putOrder(*order); !st)
            return tl::unexpected(st.error());
        Q_EMIT orderChanged(outTradeNo);
    }
    return *order;
}

Result<SimOrder> SimTrades::pay(const QString& outTradeNo)
{
    auto order = scan(outTradeNo);
    if (!order)
        return order;
    order->state = OrderState::Paid;
    order->paidMs = m_ctx.nowMs();
    if (order->channel == SimChannel::WeChat) {
        order->transactionId = u"4200000"_s + randomDigits(21);
        order->buyerId = u"oSim"_s + crypto::randomAlnum(24);
    } else {
        order->buyerId = u"2088"_s + randomDigits(12);
    }
    if (auto st = m_ctx.store.putOrder(*order); !st)
        return tl::unexpected(st.error());
    log::sim()->info("{} order {} paid ({} fen)", simChannelName(order->channel), outTradeNo, order->totalFen);
    if (order->channel == SimChannel::WeChat)
        notifyWeChatPayment(*order);
    else
        notifyAlipay(*order, nullptr, 0);
    Q_EMIT orderChanged(outTradeNo);
    return order;
}

Result<SimOrder> SimTrades::fail(const QString& outTradeNo)
{
    auto order = m_ctx.findOrder(outTradeNo);
    if (!order)
        return paydesk::fail(ErrorCode::NotFound, u"no order %1"_s.arg(outTradeNo));
    if (!order->isOpen())
        return paydesk::fail(
            ErrorCode::IllegalTransition, u"order %1 is %2"_s.arg(outTradeNo, orderStateName(order->state)));
    if (order->channel == SimChannel::Alipay && order->state == OrderState::Created) {
        // The trade must exist at Alipay before it can end; a failed attempt implies the scan.
        auto scanned = scan(outTradeNo);
        if (!scanned)
            return scanned;
        order = *scanned;
    }
    order->state = order->channel == SimChannel::WeChat ? OrderState::PayError : OrderState::Closed;
    order->closedMs = m_ctx.nowMs();
    if (auto st = m_ctx.store.putOrder(*order); !st)
        return tl::unexpected(st.error());
    Q_EMIT orderChanged(outTradeNo);
    return *order;
}

Result<SimRefund> SimTrades::completeRefund(const QString& outRefundNo, RefundState state)
{
    const auto list = m_ctx.store.refundsByNumber(outRefundNo);
    if (list.isEmpty())
        return paydesk::fail(ErrorCode::NotFound, u"no refund %1"_s.arg(outRefundNo));
    SimRefund refund = list.first();
    if (refund.state != RefundState::Processing)
        return paydesk::fail(
            ErrorCode::IllegalTransition, u"refund %1 is already %2"_s.arg(outRefundNo, refundStateName(refund.state)));
    if (state == RefundState::Processing)
        return paydesk::fail(ErrorCode::InvalidArgument, u"a refund completes as SUCCESS, ABNORMAL or CLOSED"_s);
    refund.state = state;
    if (state == RefundState::Success)
        refund.successMs = m_ctx.nowMs();
    if (auto st = m_ctx.store.putRefund(refund); !st)
        return tl::unexpected(st.error());
    const auto order = m_ctx.store.order(refund.channel, refund.merchantId, refund.outTradeNo);
    if (order && refund.channel == SimChannel::WeChat)
        notifyWeChatRefund(refund, *order);
    Q_EMIT orderChanged(refund.outTradeNo);
    return refund;
}

void SimTrades::refundAccepted(const SimRefund& refund)
{
    if (!m_ctx.settings.autoCompleteRefunds)
        return;
    const QString no = refund.outRefundNo;
    const bool abnormal = m_ctx.faults.forOrder(refund.outTradeNo).refundAbnormal;
    QTimer::singleShot(m_ctx.scaled(m_ctx.settings.refundCompleteDelayMs), this, [this, no, abnormal] {
        const auto done = completeRefund(no, abnormal ? RefundState::Abnormal : RefundState::Success);
        if (!done && done.error().code != ErrorCode::IllegalTransition)
            log::sim()->warn("auto-completing refund {} failed: {}", no, done.error().detail);
    });
}

void SimTrades::resumeRefunds()
{
    for (const SimRefund& r : m_ctx.store.refunds()) {
        if (r.channel == SimChannel::WeChat && r.state == RefundState::Processing)
            refundAccepted(r);
    }
}

void SimTrades::alipayRefunded(const SimOrder& order, const SimRefund& refund, qint64 refundedTotalFen)
{
    notifyAlipay(order, &refund, refundedTotalFen);
    Q_EMIT orderChanged(order.outTradeNo);
}

void SimTrades::enqueueWeChat(const SimOrder& order,
    const QString& eventKey,
    const QString& eventType,
    const QString& summary,
    const QString& originalType,
    const QJsonObject& plaintext)
{
    const auto merchant = m_ctx.wechatMerchants.value(order.merchantId);
    const QByteArray nonce = crypto::randomAlnum(12).toLatin1();
    const auto resource = wechat::encryptResource(merchant.apiV3Key,
        nonce,
        originalType.toLatin1(),
        originalType,
        QJsonDocument(plaintext).toJson(QJsonDocument::Compact));
    if (!resource) {
        log::sim()->error("cannot encrypt notification for {}: {}", order.outTradeNo, resource.error().detail);
        return;
    }
    const QJsonObject envelope { { u"id"_s, QUuid::createUuid().toString(QUuid::WithoutBraces) },
        { u"create_time"_s, rfc3339(m_ctx.nowMs()) },
        { u"resource_type"_s, u"encrypt-resource"_s },
        { u"event_type"_s, eventType },
        { u"summary"_s, summary },
        { u"resource"_s, *resource } };
    SimNotification n;
    n.channel = SimChannel::WeChat;
    n.merchantId = order.merchantId;
    n.outTradeNo = order.outTradeNo;
    n.eventKey = eventKey;
    n.url = order.notifyUrl;
    n.body = QJsonDocument(envelope).toJson(QJsonDocument::Compact);
    m_ctx.notifier->enqueue(n);
}

void SimTrades::notifyWeChatPayment(const SimOrder& order)
{
    if (order.notifyUrl.isEmpty())
        return;
    enqueueWeChat(order,
        u"TRANSACTION.SUCCESS"_s,
        u"TRANSACTION.SUCCESS"_s,
        u"支付成功"_s,
        u"transaction"_s,
        wechatTransactionJson(order, false));
}

void SimTrades::notifyWeChatRefund(const SimRefund& refund, const SimOrder& order)
{
    SimOrder target = order;
    target.notifyUrl = refund.notifyUrl;
    if (target.notifyUrl.isEmpty())
        return;
    const QString type = u"REFUND."_s + refundStateName(refund.state);
    const QString summary = refund.state == RefundState::Success ? u"退款成功"_s
        : refund.state == RefundState::Abnormal                  ? u"退款异常"_s
                                                                 : u"退款关闭"_s;
    enqueueWeChat(
        target, type + u':' + refund.outRefundNo, type, summary, u"refund"_s, wechatRefundNotifyJson(refund, order));
}

void SimTrades::notifyAlipay(const SimOrder& order, const SimRefund* refund, qint64 refundedTotalFen)
{
    if (order.notifyUrl.isEmpty())
        return;
    const auto merchant = m_ctx.alipayMerchants.value(order.merchantId);
    const qint64 now = m_ctx.nowMs();
    alipay::Params p;
    p.insert(u"notify_time"_s, alipayTime(now));
    p.insert(u"notify_type"_s, u"trade_status_sync"_s);
    p.insert(u"notify_id"_s, alipayTime(now).left(10).remove(u'-') + u"00222"_s + randomDigits(21));
    p.insert(u"app_id"_s, order.appId);
    p.insert(u"auth_app_id"_s, order.appId);
    p.insert(u"charset"_s, u"utf-8"_s);
    p.insert(u"version"_s, u"1.0"_s);
    p.insert(u"sign_type"_s, u"RSA2"_s);
    p.insert(u"trade_no"_s, order.transactionId);
    p.insert(u"out_trade_no"_s, order.outTradeNo);
    p.insert(u"buyer_id"_s, order.buyerId);
    p.insert(u"buyer_logon_id"_s, u"sim***@example.com"_s);
    p.insert(u"seller_id"_s, merchant.pid);
    p.insert(u"total_amount"_s, yuan(order.totalFen));
    p.insert(u"receipt_amount"_s, yuan(order.totalFen));
    p.insert(u"invoice_amount"_s, yuan(order.totalFen));
    p.insert(u"buyer_pay_amount"_s, yuan(order.totalFen));
    p.insert(u"point_amount"_s, u"0.00"_s);
    p.insert(u"subject"_s, order.description);
    p.insert(u"gmt_create"_s, alipayTime(order.scannedMs));
    p.insert(u"gmt_payment"_s, alipayTime(order.paidMs));
    p.insert(
        u"fund_bill_list"_s, u"[{\"amount\":\"%1\",\"fundChannel\":\"ALIPAYACCOUNT\"}]"_s.arg(yuan(order.totalFen)));
    QString eventKey = u"TRADE_SUCCESS"_s;
    p.insert(u"trade_status"_s, u"TRADE_SUCCESS"_s);
    if (refund) {
        const bool full = refundedTotalFen >= order.totalFen;
        p.insert(u"out_biz_no"_s, refund->outRefundNo);
        p.insert(u"refund_fee"_s, yuan(refundedTotalFen));
        // gmt_refund carries milliseconds in real notifications ("2021-07-14 09:51:36.631").
        p.insert(u"gmt_refund"_s, chinaTime(refund->successMs).toString(u"yyyy-MM-dd HH:mm:ss.zzz"_s));
        if (full) {
            p.insert(u"trade_status"_s, u"TRADE_CLOSED"_s);
            p.insert(u"gmt_close"_s, alipayTime(refund->successMs));
        }
        eventKey = u"REFUND:"_s + refund->outRefundNo;
    }
    const auto sign = alipay::signRsa2(m_ctx.keys.alipayKey(), alipay::signContent(p, alipay::SignRule::NotifyV1));
    if (!sign) {
        log::sim()->error("cannot sign Alipay notification for {}", order.outTradeNo);
        return;
    }
    p.insert(u"sign"_s, QString::fromLatin1(*sign));
    QList<QPair<QString, QString>> fields;
    for (auto it = p.cbegin(); it != p.cend(); ++it)
        fields.append({ it.key(), it.value() });
    SimNotification n;
    n.channel = SimChannel::Alipay;
    n.merchantId = order.merchantId;
    n.outTradeNo = order.outTradeNo;
    n.eventKey = eventKey;
    n.url = order.notifyUrl;
    n.body = alipay::encodeForm(fields);
    m_ctx.notifier->enqueue(n);
}

} // namespace paydesk::sim
