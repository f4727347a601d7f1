#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include "core/util/Result.h"

namespace paydesk::alipay {

/// Strict GBK (GB18030 superset as Alipay writes it) decoding of bill files and ZIP entry names. Uses Qt's ICU-backed
/// QStringDecoder when this Qt has ICU, otherwise glibc iconv. Any invalid sequence is MalformedInput.
[[nodiscard]] Result<QString> decodeGbk(QByteArrayView bytes);
/// The reverse, for tests and the simulator; a character GBK cannot represent is MalformedInput.
[[nodiscard]] Result<QByteArray> encodeGbk(QStringView text);

} // namespace paydesk::alipay
