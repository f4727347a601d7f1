#include "core/sim/SimControl.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QUrl>

#include "core/sim/DemoMerchants.h"
#include "core/sim/Notifier.h"
#include "core/sim/SimPage.h"
#include "core/sim/SimTrades.h"

using namespace Qt::StringLiterals;

namespace paydesk::sim {

namespace {

SimResponse json(int status, const QJsonValue& v)
{
    const QByteArray body = v.isArray() ? QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact)
                                        : QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact);
    return SimResponse::json(status, body);
}

SimResponse problem(int status, const QString& message)
{
    return json(status, QJsonObject { { u"error"_s, message } });
}

int statusFor(ErrorCode code)
{
    switch (code) {
    case ErrorCode::NotFound:
        return 404;
    case ErrorCode::IllegalTransition:
    case ErrorCode::OrderClosed:
        return 409;
    case ErrorCode::InvalidArgument:
        return 400;
    default:
        return 500;
    }
}

Result<QJsonObject> bodyObject(const SimRequest& request)
{
    if (request.body.trimmed().isEmpty())
        return QJsonObject();
    QJsonParseError perr;
    const QJsonDocument doc = QJsonDocument::fromJson(request.body, &perr);
    if (perr.error != QJsonParseError::NoError || !doc.isObject())
        return fail(ErrorCode::InvalidArgument, u"the body must be a JSON object"_s);
    return doc.object();
}

QJsonObject refundJson(const SimRefund& r)
{
    QJsonObject o = r.toJson();
    o.insert(u"amount"_s, yuan(r.refundFen));
    return o;
}

QString channelState(const SimOrder& o)
{
    if (o.channel == SimChannel::WeChat) {
        switch (o.state) {
        case OrderState::Created:
        case OrderState::Scanned:
            return u"NOTPAY"_s;
        case OrderState::Paid:
            return u"SUCCESS"_s;
        case OrderState::Closed:
            return u"CLOSED"_s;
        case OrderState::PayError:
            return u"PAYERROR"_s;
        }
    }
    switch (o.state) {
    case OrderState::Created:
        return u"(not scanned: ACQ.TRADE_NOT_EXIST)"_s;
    case OrderState::Scanned:
        return u"WAIT_BUYER_PAY"_s;
    case OrderState::Paid:
        return u"TRADE_SUCCESS"_s;
    case OrderState::Closed:
    case OrderState::PayError:
        return u"TRADE_CLOSED"_s;
    }
    return {};
}

} // namespace

SimControl::SimControl(SimContext& ctx)
    : m_ctx(ctx)
{
}

bool SimControl::handles(const SimRequest& request)
{
    return request.path == "/sim" || request.path.startsWith("/sim/");
}

QJsonObject SimControl::orderJson(const SimOrder& o, qint64 nowMs)
{
    return { { u"channel"_s, simChannelName(o.channel) },
        { u"merchant_id"_s, o.merchantId },
        { u"out_trade_no"_s, o.outTradeNo },
        { u"description"_s, o.description },
        { u"amount"_s, yuan(o.totalFen) },
        { u"total_fen"_s, o.totalFen },
        { u"state"_s, orderStateName(o.state) },
        { u"channel_state"_s, channelState(o) },
        { u"code_url"_s, o.codeUrl },
        { u"transaction_id"_s, o.transactionId },
        { u"notify_url"_s, o.notifyUrl },
        { u"created_time"_s, rfc3339(o.createdMs) },
        { u"expire_time"_s, rfc3339(o.expiresMs) },
        { u"seconds_left"_s,
            o.isOpen() ? std::max<qint64>(0, (std::min(o.expiresMs, o.codeUrlExpiresMs) - nowMs) / 1000) : 0 } };
}

SimResponse SimControl::handle(const SimRequest& request)
{
    static const QRegularExpression kOrder(u"^/sim/orders/([^/]+)/(scan|pay|fail)$"_s);
    static const QRegularExpression kRefund(u"^/sim/refunds/([^/]+)/complete$"_s);
    static const QRegularExpression kRelease(u"^/sim/refunds/([^/]+)/release$"_s);
    const QString path = QString::fromUtf8(request.path);
    if (request.method == "GET" && (path == u"/sim"_s || path == u"/sim/"_s)) {
        return SimResponse::text(200,
            SimPage::render(m_ctx.store.orders(), m_ctx.nowMs()).toUtf8(),
            QByteArrayLiteral("text/html; charset=utf-8"));
    }
    if (request.method == "GET" && path == u"/sim/orders"_s) {
        QJsonArray list;
        for (const SimOrder& o : m_ctx.store.orders())
            list.append(orderJson(o, m_ctx.nowMs()));
        return json(200, list);
    }
    if (request.method == "GET" && path == u"/sim/refunds"_s) {
        QJsonArray list;
        for (const SimRefund& r : m_ctx.store.refunds())
            list.append(refundJson(r));
        return json(200, list);
    }
    if (request.method == "GET" && path == u"/sim/notifications"_s) {
        QJsonArray list;
        for (const SimNotification& n : m_ctx.store.notifications(false)) {
            list.append(QJsonObject { { u"id"_s, n.id },
                { u"channel"_s, simChannelName(n.channel) },
                { u"out_trade_no"_s, n.outTradeNo },
                { u"event"_s, n.eventKey },
                { u"url"_s, n.url },
                { u"attempts"_s, n.attempts },
                { u"state"_s, static_cast<int>(n.state) },
                { u"last_http_status"_s, n.lastHttpStatus } });
        }
        return json(200, list);
    }
    if (request.method == "POST" && path == u"/sim/notifications/retry"_s) {
        m_ctx.notifier->retryPendingNow();
        return json(200, QJsonObject { { u"ok"_s, true } });
    }
    if (request.method == "GET" && path == u"/sim/keys"_s)
        return keys();
    if (path == u"/sim/faults"_s)
        return faults(request);
    if (path == u"/sim/settings"_s && request.method == "POST")
        return settings(request);
    if (path == u"/sim/bill-differences"_s)
        return billDifferences(request);
    if (request.method == "POST") {
        if (auto m = kOrder.match(path); m.hasMatch())
            return orderAction(request, QUrl::fromPercentEncoding(m.captured(1).toUtf8()), m.captured(2));
        if (auto m = kRelease.match(path); m.hasMatch()) {
            // A refund request or answer held by a fault goes on now.
            if (!m_ctx.faults.releaseHold(QUrl::fromPercentEncoding(m.captured(1).toUtf8())))
                return problem(404, u"nothing held for refund %1"_s.arg(m.captured(1)));
            return json(200, QJsonObject { { u"released"_s, true } });
        }
        if (auto m = kRefund.match(path); m.hasMatch()) {
            RefundState state = RefundState::Success;
            const QString status = request.queryItem(u"status"_s);
            if (!status.isEmpty() && !parseRefundState(status, &state))
                return problem(400, u"status must be SUCCESS, ABNORMAL or CLOSED"_s);
            const auto done = m_ctx.trades->completeRefund(QUrl::fromPercentEncoding(m.captured(1).toUtf8()), state);
            if (!done)
                return problem(statusFor(done.error().code), done.error().detail);
            return json(200, refundJson(*done));
        }
    }
    return problem(404, u"no such control endpoint: %1 %2"_s.arg(QString::fromLatin1(request.method), path));
}

SimResponse SimControl::orderAction(const SimRequest& request, const QString& outTradeNo, const QString& action)
{
    const auto result = action == u"scan"_s ? m_ctx.trades->scan(outTradeNo)
        : action == u"pay"_s                ? m_ctx.trades->pay(outTradeNo)
                                            : m_ctx.trades->fail(outTradeNo);
    if (request.queryItem(u"redirect"_s) == u"1"_s) {
        SimResponse r = SimResponse::text(303, QByteArray(), QByteArrayLiteral("text/plain"));
        r.headers.append({ QByteArrayLiteral("Location"), QByteArrayLiteral("/sim/") });
        return r;
    }
    if (!result)
        return problem(statusFor(result.error().code), result.error().detail);
    return json(200, orderJson(*result, m_ctx.nowMs()));
}

SimResponse SimControl::faults(const SimRequest& request)
{
    if (request.method == "DELETE") {
        m_ctx.faults.clear();
        return json(200, m_ctx.faults.toJson());
    }
    if (request.method == "POST") {
        const auto body = bodyObject(request);
        if (!body)
            return problem(400, body.error().detail);
        const auto set = FaultSet::fromJson(*body);
        if (!set)
            return problem(400, set.error().detail);
        m_ctx.faults.set(body->value(u"out_trade_no"_s).toString(), *set);
    }
    return json(200, m_ctx.faults.toJson());
}

SimResponse SimControl::settings(const SimRequest& request)
{
    const auto body = bodyObject(request);
    if (!body)
        return problem(400, body.error().detail);
    if (body->contains(u"auto_complete_refunds"_s))
        m_ctx.settings.autoCompleteRefunds = body->value(u"auto_complete_refunds"_s).toBool();
    if (body->contains(u"refund_delay_ms"_s))
        m_ctx.settings.refundCompleteDelayMs = std::max<qint64>(0, body->value(u"refund_delay_ms"_s).toInteger());
    if (body->contains(u"key_mode"_s)) {
        WeChatKeyMode mode = WeChatKeyMode::Certificate;
        if (!parseWeChatKeyMode(body->value(u"key_mode"_s).toString(), &mode))
            return problem(400, u"key_mode must be certificate, publickey or mixed"_s);
        m_ctx.settings.keyMode = mode;
    }
    if (body->contains(u"time_scale"_s)) {
        const double scale = body->value(u"time_scale"_s).toDouble();
        if (scale <= 0)
            return problem(400, u"time_scale must be positive"_s);
        m_ctx.settings.timeScale = scale;
    }
    return json(200,
        QJsonObject { { u"auto_complete_refunds"_s, m_ctx.settings.autoCompleteRefunds },
            { u"refund_delay_ms"_s, m_ctx.settings.refundCompleteDelayMs },
            { u"key_mode"_s, weChatKeyModeName(m_ctx.settings.keyMode) },
            { u"time_scale"_s, m_ctx.settings.timeScale } });
}

SimResponse SimControl::billDifferences(const SimRequest& request)
{
    if (request.method == "DELETE") {
        m_ctx.billDifferences.clear();
    } else if (request.method == "POST") {
        const auto body = bodyObject(request);
        if (!body)
            return problem(400, body.error().detail);
        const auto d = BillDifference::fromJson(*body);
        if (!d)
            return problem(400, d.error().detail);
        m_ctx.billDifferences.append(*d);
    }
    QJsonArray list;
    for (const BillDifference& d : m_ctx.billDifferences)
        list.append(d.toJson());
    return json(200, list);
}

SimResponse SimControl::keys() const
{
    // The channel's public side plus the demo merchants' ids and key file paths, so a client on this machine can
    // configure itself from this one answer.
    QJsonObject o {
        { u"wechatpay_platform_certificate_serial"_s, m_ctx.keys.wechatCertSerial() },
        { u"wechatpay_platform_certificate_pem"_s, QString::fromLatin1(m_ctx.keys.wechatCertPem()) },
        { u"wechatpay_public_key_id"_s, m_ctx.keys.wechatPublicKeyId() },
        { u"wechatpay_public_key_pem"_s, QString::fromLatin1(m_ctx.keys.wechatPublicKeyPem()) },
        { u"alipay_public_key_pem"_s, QString::fromLatin1(m_ctx.keys.alipayPublicKeyPem()) },
    };
    const QJsonObject demo = demoMerchantsJson(demoMerchants(m_ctx.store, m_ctx.stateDir));
    for (auto it = demo.begin(); it != demo.end(); ++it)
        o.insert(it.key(), it.value());
    return json(200, o);
}

} // namespace paydesk::sim
