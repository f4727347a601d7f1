#pragma once

#include <QByteArray>

#include "core/util/Result.h"

namespace paydesk::wechatpay {

/// Maps a non-2xx APIv3 answer ({"code","message"}) to an Error (PROTOCOLS §1.7). Codes are compared
/// case-insensitively with '_' removed, since both ORDER_NOT_EXIST and ORDERNOTEXIST occur. The detail carries
/// the HTTP status, code and message.
/// The error is never definite: whether it may be depends on the answer's signature (WeChatPayTransport).
[[nodiscard]] Error mapHttpError(int status, const QByteArray& body);

/// A 4xx answer that refuses the call for a business reason (PARAM_ERROR, NOT_ENOUGH, ORDER_CLOSED, SIGN_ERROR, ...):
/// WeChat did not carry it out. Not 429 or a SYSTEM_ERROR/BANKERROR code, which say "try again", nor 5xx.
[[nodiscard]] bool isBusinessRefusal(int status, ErrorCode code);

} // namespace paydesk::wechatpay
