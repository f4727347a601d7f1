#pragma once

#include <QByteArray>
#include <QByteArrayView>

#include <optional>

namespace paydesk {

/// Strict, canonical base64 (RFC 4648 standard alphabet): length a multiple of 4, '=' padding only at the end
/// and required, the unused low bits of the last character zero, no whitespace. nullopt otherwise, and for "".
/// Exactly the texts that QByteArray::toBase64() produces, decoded in one pass without Qt's lenient decoder.
[[nodiscard]] std::optional<QByteArray> decodeBase64Strict(QByteArrayView text);

} // namespace paydesk
