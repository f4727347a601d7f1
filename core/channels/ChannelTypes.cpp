#include "core/channels/ChannelTypes.h"

namespace paydesk {

QString tradeStateName(TradeState state)
{
    switch (state) {
    case TradeState::NotPaid:
        return QStringLiteral("NOT_PAID");
    case TradeState::Paid:
        return QStringLiteral("PAID");
    case TradeState::Refunded:
        return QStringLiteral("REFUNDED");
    case TradeState::Closed:
        return QStringLiteral("CLOSED");
    case TradeState::PayError:
        return QStringLiteral("PAY_ERROR");
    }
    return {};
}

QString refundStateName(RefundState state)
{
    switch (state) {
    case RefundState::Processing:
        return QStringLiteral("PROCESSING");
    case RefundState::Succeeded:
        return QStringLiteral("SUCCEEDED");
    case RefundState::Closed:
        return QStringLiteral("CLOSED");
    case RefundState::Abnormal:
        return QStringLiteral("ABNORMAL");
    }
    return {};
}

} // namespace paydesk
