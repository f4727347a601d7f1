#pragma once

#include "core/channels/alipay/ResponseVerifier.h"
#include "core/util/Result.h"

namespace paydesk::alipay {

/// Maps a non-success gateway answer to a typed error:
/// ACQ.TRADE_HAS_SUCCESS -> OrderPaid, ACQ.TRADE_HAS_CLOSE -> OrderClosed, ACQ.TRADE_NOT_EXIST -> OrderNotExist,
/// ACQ.SELLER_BALANCE_NOT_ENOUGH -> NotEnoughBalance, ACQ.SYSTEM_ERROR and code 20000 -> ChannelSystemError,
/// isv.invalid-signature -> SignatureInvalid (the gateway refused OUR signature), everything else -> ChannelRejected.
/// The detail always carries method, code, sub_code and sub_msg (Alipay's text, never a secret).
/// The error is definite (Error::definite) only when the answer's sign verified and it is not a system error.
[[nodiscard]] Error mapGatewayError(QStringView method, const VerifiedResponse& response);

/// True for the answers worth retrying with the same request (code 20000, ACQ.SYSTEM_ERROR).
[[nodiscard]] bool isSystemError(const VerifiedResponse& response);

} // namespace paydesk::alipay
