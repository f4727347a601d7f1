#pragma once

#include "core/sim/SimContext.h"
#include "core/sim/SimTypes.h"

namespace paydesk::sim {

/// The control API under /sim/ (the customer's side and the test switches), plain JSON, unsigned:
///   GET  /sim/                                   the cashier-training page (SimPage)
///   GET  /sim/orders                             all orders, newest first
///   POST /sim/orders/{out_trade_no}/scan|pay|fail
///   POST /sim/refunds/{out_refund_no}/complete?status=SUCCESS|ABNORMAL|CLOSED
///   POST /sim/refunds/{out_refund_no}/release    ends a refund fault's hold now (see Faults::releaseHold)
///   GET  /sim/refunds, GET /sim/notifications, POST /sim/notifications/retry
///   GET  /sim/keys                               the channels' public keys and serials, plus the demo merchants
///                                                (ids, certificate serial, key file paths: demoMerchantsJson())
///   GET|POST|DELETE /sim/faults                  {"out_trade_no"?: "...", "drop_notifications": true, ...}; the
///                                                answer also carries the refund log (Faults::logRefund)
///   POST /sim/settings                           {"auto_complete_refunds", "refund_delay_ms", "key_mode",
///   "time_scale"} POST|DELETE /sim/bill-differences            {"kind":
///   "missing_order"|"changed_amount"|"channel_only_order", ...}
/// A form post with ?redirect=1 (the page's buttons) answers 303 back to /sim/.
class SimControl final
{
public:
    explicit SimControl(SimContext& ctx);
    [[nodiscard]] static bool handles(const SimRequest& request);
    [[nodiscard]] SimResponse handle(const SimRequest& request);

    [[nodiscard]] static QJsonObject orderJson(const SimOrder& order, qint64 nowMs);

private:
    SimResponse orderAction(const SimRequest& request, const QString& outTradeNo, const QString& action);
    SimResponse faults(const SimRequest& request);
    SimResponse settings(const SimRequest& request);
    SimResponse billDifferences(const SimRequest& request);
    SimResponse keys() const;

    SimContext& m_ctx;
};

} // namespace paydesk::sim
