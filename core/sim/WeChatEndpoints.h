#pragma once

#include <QJsonObject>

#include "core/sim/SimContext.h"
#include "core/sim/SimTypes.h"

namespace paydesk::sim {

/// WeChat Pay APIv3 (PROTOCOLS §1.5) at the server root: Native prepay, query, close, refund, refund query, trade
/// bill and bill download, and GET /v3/certificates (the platform certificate, encrypted with the APIv3 key). Every
/// request's Authorization is verified with the merchant's key; every answer but the bill file is signed the way WeChat
/// signs.
class WeChatEndpoints final
{
public:
    explicit WeChatEndpoints(SimContext& ctx);
    [[nodiscard]] static bool handles(const SimRequest& request);
    [[nodiscard]] SimResponse handle(const SimRequest& request);

    /// A signed JSON error in WeChat's shape: {"code":..,"message":..,"detail":..}.
    [[nodiscard]] SimResponse error(
        int status, const QString& code, const QString& message, const QJsonObject& detail = {});
    /// Signs a body (possibly empty, for 204) with the current key mode and adds Request-ID.
    [[nodiscard]] SimResponse signedResponse(int status, const QByteArray& body);

private:
    /// Checks Authorization, timestamp, serial and signature. On failure returns the answer to send.
    [[nodiscard]] std::optional<SimResponse> verify(const SimRequest& request, WeChatMerchant* merchant);
    SimResponse prepay(const SimRequest& request, const WeChatMerchant& merchant);
    SimResponse query(const SimRequest& request, const WeChatMerchant& merchant, const QString& outTradeNo);
    SimResponse close(const SimRequest& request, const WeChatMerchant& merchant, const QString& outTradeNo);
    SimResponse refund(const SimRequest& request, const WeChatMerchant& merchant);
    SimResponse refundQuery(const WeChatMerchant& merchant, const QString& outRefundNo);
    SimResponse tradeBill(const SimRequest& request, const WeChatMerchant& merchant);
    SimResponse billDownload(const SimRequest& request);
    SimResponse certificates(const WeChatMerchant& merchant);

    SimContext& m_ctx;
};

/// The Transaction object (query answer, and the plaintext of TRANSACTION.SUCCESS).
[[nodiscard]] QJsonObject wechatTransactionJson(const SimOrder& order, bool refunded);
/// The Refund object of refund and refund-query answers.
[[nodiscard]] QJsonObject wechatRefundJson(const SimRefund& refund, const SimOrder& order);
/// The plaintext of REFUND.* notifications.
[[nodiscard]] QJsonObject wechatRefundNotifyJson(const SimRefund& refund, const SimOrder& order);
/// notify_url rule: https, or http to a loopback host (tests and training); no query string.
[[nodiscard]] bool isAcceptableNotifyUrl(const QString& url, QString* why);

} // namespace paydesk::sim
