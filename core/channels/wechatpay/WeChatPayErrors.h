#pragma once

#include "core/util/Result.h"

#include <QByteArray>

namespace paydesk::wechatpay {

/// Maps a non-2xx APIv3 answer ({"code","message"}) to an Error (PROTOCOLS §1.7). Codes are compared
/// case-insensitively with '_' removed, since both ORDER_NOT_EXIST and ORDERNOTEXIST occur. The detail carries
/// the HTTP status, code and message.
[[nodiscard]] Error mapHttpError(int status, const QByteArray& body);

} // namespace paydesk::wechatpay
