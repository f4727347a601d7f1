#pragma once

#include <QJsonObject>

#include "core/sim/AlipaySigning.h"
#include "core/sim/SimContext.h"
#include "core/sim/SimTypes.h"

namespace paydesk::sim {

/// The Alipay OpenAPI gateway (POST /gateway.do): precreate, query, close, refund, fastpay.refund.query and the
/// bill download URL query, plus GET of the bill file it hands out (/alipay/bill/download?token=).
class AlipayEndpoints final
{
public:
    explicit AlipayEndpoints(SimContext& ctx);
    [[nodiscard]] static bool handles(const SimRequest& request);
    [[nodiscard]] SimResponse handle(const SimRequest& request);

private:
    /// What a method handler answers: the inner object, an optional hold (query faults), and an optional last step
    /// on the signed response (refund faults).
    struct Answer
    {
        QJsonObject inner;
        int holdMs = 0;
        std::function<SimResponse(SimResponse)> finish = {};
    };
    Answer precreate(const alipay::Params& p, const QJsonObject& biz, const AlipayMerchant& merchant);
    Answer query(const QJsonObject& biz, const AlipayMerchant& merchant);
    Answer close(const QJsonObject& biz, const AlipayMerchant& merchant);
    Answer refund(const QJsonObject& biz, const AlipayMerchant& merchant);
    Answer refundQuery(const QJsonObject& biz, const AlipayMerchant& merchant);
    Answer billUrl(const QJsonObject& biz, const AlipayMerchant& merchant);
    SimResponse billFile(const SimRequest& request);
    /// The trade named by out_trade_no / trade_no; nullopt when missing or not yet scanned. A scanned trade past its
    /// end is closed first, as Alipay closes it.
    std::optional<SimOrder> trade(const QJsonObject& biz, const AlipayMerchant& merchant, bool* named) const;
    SimResponse respond(const QString& method, const Answer& answer);

    SimContext& m_ctx;
};

} // namespace paydesk::sim
