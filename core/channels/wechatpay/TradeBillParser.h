#pragma once

#include <QByteArray>

#include "core/channels/ChannelTypes.h"
#include "core/util/Result.h"

namespace paydesk::wechatpay {

/// Parses a decompressed WeChat Pay trade bill (PROTOCOLS §1.6): UTF-8 with BOM, CRLF, a header line, backtick
/// detail lines split on ",`", then a summary header and a summary line. Columns are found by header name; yuan
/// amounts become exact fen (手续费 has 5 decimals and is rounded half-up to the fen). MalformedInput on anything
/// unexpected, including a summary count that differs from the number of detail rows. `rawFile` is left empty.
[[nodiscard]] Result<TradeBill> parseTradeBill(const QByteArray& csv);

/// "0.01000" (up to 5 decimals, optional '-') to fen, rounded half away from zero. InvalidAmount for text that is not
/// such a decimal, MalformedInput for one too large for exact 64-bit arithmetic.
[[nodiscard]] Result<Money> parseFeeYuan(QStringView text);

} // namespace paydesk::wechatpay
