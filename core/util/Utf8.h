#pragma once

#include <QByteArrayView>

namespace paydesk {

/// Well-formed UTF-8 (RFC 3629): shortest forms only, no surrogates, nothing above U+10FFFF. The same bytes
/// QStringDecoder decodes without an error.
[[nodiscard]] bool isValidUtf8(QByteArrayView bytes);

} // namespace paydesk
