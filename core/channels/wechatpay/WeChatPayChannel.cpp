#include "core/channels/wechatpay/WeChatPayChannel.h"

#include <QHostAddress>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimeZone>

#include "core/channels/wechatpay/NotificationDecoder.h"
#include "core/channels/wechatpay/WeChatPayModels.h"
#include "core/log/Log.h"

using namespace Qt::StringLiterals;

namespace paydesk::wechatpay {

namespace {

using Retry = WeChatPayTransport::Retry;

bool matchesCharset(const QString& s, qsizetype minLen, qsizetype maxLen, QStringView extra)
{
    if (s.size() < minLen || s.size() > maxLen) {
        return false;
    }
    for (const QChar c : s) {
        const bool ok =
            (c >= u'0' && c <= u'9') || (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || extra.contains(c);
        if (!ok) {
            return false;
        }
    }
    return true;
}

QByteArray pathSegment(const QString& s)
{
    // Everything outside the unreserved set is escaped ('|' and '*' included), so the signed URL line and the
    // request line are the same bytes.
    return QUrl::toPercentEncoding(s);
}

QByteArray compactJson(const QJsonObject& o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

Status checkNotifyUrl(const QString& url)
{
    const QUrl u(url, QUrl::StrictMode);
    // WeChat requires an https URL without a query string. Plain http to this machine is allowed for paydesk-sim
    // (training mode, end-to-end tests), which applies the same rule; the real WeChat Pay refuses it anyway.
    const QHostAddress host(u.host());
    const bool loopback = u.host() == u"localhost"_s || (!host.isNull() && host.isLoopback());
    const bool schemeOk = u.scheme() == u"https"_s || (loopback && u.scheme() == u"http"_s);
    if (!u.isValid() || !schemeOk || u.host().isEmpty() || u.hasQuery()) {
        return refusal(ErrorCode::InvalidArgument, u"notify_url must be an https URL without a query"_s);
    }
    return {};
}

} // namespace

WeChatPayChannel::WeChatPayChannel(WeChatPayConfig config)
    : m_config(std::move(config))
    , m_transport(m_config)
{
}

bool WeChatPayChannel::isValidOutTradeNo(const QString& no)
{
    return matchesCharset(no, 6, 32, u"_-|*");
}

bool WeChatPayChannel::isValidOutRefundNo(const QString& no)
{
    return matchesCharset(no, 1, 64, u"_-|*@");
}

Status WeChatPayChannel::checkMerchant(const QString& mchid, const QString& appid) const
{
    if (!mchid.isEmpty() && mchid != m_config.mchid) {
        return fail(ErrorCode::MerchantMismatch, u"answer is for mchid %1, not ours"_s.arg(mchid.left(32)));
    }
    if (!appid.isEmpty() && !m_config.appid.isEmpty() && appid != m_config.appid) {
        return fail(ErrorCode::MerchantMismatch, u"answer is for appid %1, not ours"_s.arg(appid.left(32)));
    }
    return {};
}

Result<CreateQrResult> WeChatPayChannel::createQr(const CreateQrRequest& request)
{
    if (!isValidOutTradeNo(request.outTradeNo)) {
        return refusal(ErrorCode::InvalidArgument, u"out_trade_no must be 6-32 characters of [0-9A-Za-z_-|*]"_s);
    }
    if (!request.amount.isPositive() || !(request.amount.currency() == Currency::cny())) {
        return refusal(ErrorCode::InvalidAmount, u"amount must be a positive CNY amount"_s);
    }
    if (request.description.isEmpty() || request.description.size() > 127) {
        return refusal(ErrorCode::InvalidArgument, u"description must be 1-127 characters"_s);
    }
    if (request.attach.size() > 128) {
        return refusal(ErrorCode::InvalidArgument, u"attach must be at most 128 characters"_s);
    }
    const QString notifyUrl = request.notifyUrl.isEmpty() ? m_config.defaultNotifyUrl : request.notifyUrl;
    if (auto ok = checkNotifyUrl(notifyUrl); !ok) {
        return tl::unexpected(ok.error());
    }
    QJsonObject body {
        { u"appid"_s, m_config.appid },
        { u"mchid"_s, m_config.mchid },
        { u"description"_s, request.description },
        { u"out_trade_no"_s, request.outTradeNo },
        { u"notify_url"_s, notifyUrl },
        { u"amount"_s, QJsonObject { { u"total"_s, request.amount.minorUnits() }, { u"currency"_s, u"CNY"_s } } },
    };
    if (request.expiresAt.isValid()) {
        // RFC 3339 in Beijing time, as WeChat prints it.
        body.insert(u"time_expire"_s, request.expiresAt.toTimeZone(QTimeZone(8 * 3600)).toString(Qt::ISODate));
    }
    if (!request.attach.isEmpty()) {
        body.insert(u"attach"_s, request.attach);
    }
    auto response = m_transport.call("POST", "/v3/pay/transactions/native", compactJson(body), Retry::Never);
    if (!response) {
        return tl::unexpected(response.error());
    }
    auto object = parseJsonObject(response->body, u"native prepay answer"_s);
    if (!object) {
        return tl::unexpected(object.error());
    }
    CreateQrResult result;
    result.codeUrl = object->value(u"code_url"_s).toString();
    if (result.codeUrl.isEmpty()) {
        return fail(ErrorCode::MalformedInput, u"native prepay answer has no code_url"_s);
    }
    return result;
}

Result<TradeStatus> WeChatPayChannel::query(const QString& outTradeNo)
{
    if (!isValidOutTradeNo(outTradeNo)) {
        return refusal(ErrorCode::InvalidArgument, u"out_trade_no must be 6-32 characters of [0-9A-Za-z_-|*]"_s);
    }
    const QByteArray path = "/v3/pay/transactions/out-trade-no/" + pathSegment(outTradeNo)
        + "?mchid=" + QUrl::toPercentEncoding(m_config.mchid);
    auto response = m_transport.call("GET", path, QByteArray(), Retry::Safe);
    if (!response) {
        return tl::unexpected(response.error());
    }
    auto object = json::Document::parseObject(response->body, u"transaction query answer");
    if (!object) {
        return tl::unexpected(object.error());
    }
    auto trade = parseTransaction(object->root());
    if (!trade) {
        return tl::unexpected(trade.error());
    }
    if (auto ok = checkMerchant(trade->merchantId, trade->appId); !ok) {
        return tl::unexpected(ok.error());
    }
    if (trade->outTradeNo != outTradeNo) {
        return fail(ErrorCode::MalformedInput, u"query answer is for another out_trade_no"_s);
    }
    return trade;
}

Status WeChatPayChannel::close(const QString& outTradeNo)
{
    if (!isValidOutTradeNo(outTradeNo)) {
        return refusal(ErrorCode::InvalidArgument, u"out_trade_no must be 6-32 characters of [0-9A-Za-z_-|*]"_s);
    }
    const QByteArray path = "/v3/pay/transactions/out-trade-no/" + pathSegment(outTradeNo) + "/close";
    // Closing is idempotent at WeChat, but a retry after a lost answer could hide an ORDERPAID; the caller
    // queries and decides instead.
    auto response =
        m_transport.call("POST", path, compactJson(QJsonObject { { u"mchid"_s, m_config.mchid } }), Retry::Never);
    if (!response) {
        return tl::unexpected(response.error());
    }
    if (response->status != 204) {
        // 202 USERPAYING: the buyer is paying right now; not closed.
        return fail(ErrorCode::ChannelSystemError, u"close answered HTTP %1 instead of 204"_s.arg(response->status));
    }
    return {};
}

Result<RefundStatus> WeChatPayChannel::refund(const RefundRequest& request)
{
    if (request.outTradeNo.isEmpty() && request.transactionId.isEmpty()) {
        return refusal(ErrorCode::InvalidArgument, u"refund needs out_trade_no or transaction_id"_s);
    }
    if (!request.outTradeNo.isEmpty() && !isValidOutTradeNo(request.outTradeNo)) {
        return refusal(ErrorCode::InvalidArgument, u"out_trade_no must be 6-32 characters of [0-9A-Za-z_-|*]"_s);
    }
    if (!isValidOutRefundNo(request.outRefundNo)) {
        return refusal(ErrorCode::InvalidArgument, u"out_refund_no must be 1-64 characters of [0-9A-Za-z_-|*@]"_s);
    }
    if (!request.refund.isPositive() || !request.total.isPositive() || !(request.refund.currency() == Currency::cny())
        || !(request.total.currency() == Currency::cny()) || request.refund.minorUnits() > request.total.minorUnits()) {
        return refusal(ErrorCode::InvalidAmount, u"refund must be positive CNY and not above the order total"_s);
    }
    if (request.reason.size() > 80) {
        return refusal(ErrorCode::InvalidArgument, u"refund reason must be at most 80 characters"_s);
    }
    QJsonObject body {
        { u"out_refund_no"_s, request.outRefundNo },
        { u"amount"_s,
            QJsonObject { { u"refund"_s, request.refund.minorUnits() },
                { u"total"_s, request.total.minorUnits() },
                { u"currency"_s, u"CNY"_s } } },
    };
    if (!request.transactionId.isEmpty()) {
        body.insert(u"transaction_id"_s, request.transactionId);
    } else {
        body.insert(u"out_trade_no"_s, request.outTradeNo);
    }
    if (!request.reason.isEmpty()) {
        body.insert(u"reason"_s, request.reason);
    }
    const QString notifyUrl = request.notifyUrl.isEmpty() ? m_config.defaultNotifyUrl : request.notifyUrl;
    if (!notifyUrl.isEmpty()) {
        if (auto ok = checkNotifyUrl(notifyUrl); !ok) {
            return tl::unexpected(ok.error());
        }
        body.insert(u"notify_url"_s, notifyUrl);
    }
    // Safe to retry: the same out_refund_no makes WeChat treat a repeat as the same refund.
    auto response = m_transport.call("POST", "/v3/refund/domestic/refunds", compactJson(body), Retry::Safe);
    if (!response) {
        return tl::unexpected(response.error());
    }
    auto object = json::Document::parseObject(response->body, u"refund answer");
    if (!object) {
        return tl::unexpected(object.error());
    }
    auto status = parseRefund(object->root());
    if (!status) {
        return tl::unexpected(status.error());
    }
    if (status->outRefundNo != request.outRefundNo) {
        return fail(ErrorCode::MalformedInput, u"refund answer is for another out_refund_no"_s);
    }
    if (status->refund && !(*status->refund == request.refund)) {
        return fail(ErrorCode::AmountMismatch, u"refund answer amount differs from the request"_s);
    }
    return status;
}

Result<RefundStatus> WeChatPayChannel::queryRefund(const QString& outTradeNo, const QString& outRefundNo)
{
    Q_UNUSED(outTradeNo); // WeChat finds a refund by out_refund_no alone
    if (!isValidOutRefundNo(outRefundNo)) {
        return refusal(ErrorCode::InvalidArgument, u"out_refund_no must be 1-64 characters of [0-9A-Za-z_-|*@]"_s);
    }
    auto response =
        m_transport.call("GET", "/v3/refund/domestic/refunds/" + pathSegment(outRefundNo), QByteArray(), Retry::Safe);
    if (!response) {
        return tl::unexpected(response.error());
    }
    auto object = json::Document::parseObject(response->body, u"refund query answer");
    if (!object) {
        return tl::unexpected(object.error());
    }
    auto status = parseRefund(object->root());
    if (!status) {
        return tl::unexpected(status.error());
    }
    if (status->outRefundNo != outRefundNo) {
        return fail(ErrorCode::MalformedInput, u"refund query answer is for another out_refund_no"_s);
    }
    return status;
}

Result<ChannelNotification> WeChatPayChannel::parseNotification(const InboundHttp& request) const
{
    if (auto ok = m_transport.verifier().verify(request.headers, request.body, ErrorCode::SignatureInvalid); !ok) {
        return tl::unexpected(ok.error());
    }
    auto notification = decodeNotification(request.body, m_config.apiV3Key.bytes());
    if (!notification) {
        return notification;
    }
    if (notification->trade) {
        if (auto ok = checkMerchant(notification->trade->merchantId, notification->trade->appId); !ok) {
            return tl::unexpected(ok.error());
        }
    }
    if (notification->refund) {
        if (auto ok = checkMerchant(notification->refund->merchantId, QString()); !ok) {
            return tl::unexpected(ok.error());
        }
    }
    return notification;
}

NotificationAck WeChatPayChannel::acknowledgement(bool ok) const
{
    NotificationAck ack;
    if (ok) {
        ack.httpStatus = 204;
        return ack;
    }
    // Only the status matters to WeChat: any 4xx/5xx makes it retry later.
    ack.httpStatus = 500;
    ack.contentType = "application/json";
    ack.body = compactJson(QJsonObject { { u"code"_s, u"FAIL"_s }, { u"message"_s, u"失败"_s } });
    return ack;
}

} // namespace paydesk::wechatpay
