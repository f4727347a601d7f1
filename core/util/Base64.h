#pragma once

#include <optional>

#include <QByteArray>
#include <QByteArrayView>

namespace paydesk {

/// Strict, canonical base64 (RFC 4648 standard alphabet): length a multiple of 4, '=' padding only at the end
/// and required, the unused low bits of the last character zero, no whitespace. nullopt otherwise, and for "".
/// Exactly the texts that QByteArray::toBase64() produces, decoded in one pass without Qt's lenient decoder.
[[nodiscard]] std::optional<QByteArray> decodeBase64Strict(QByteArrayView text);

/// The bytes of decodeBase64Strict(text) written to `out`, which has room for `capacity` bytes: their number, or
/// -1 when the text is refused or its bytes would not fit (nothing is written past `capacity`).
[[nodiscard]] qsizetype decodeBase64StrictInto(QByteArrayView text, char* out, qsizetype capacity);

/// The number of bytes a text of `textSize` characters decodes to at most.
[[nodiscard]] constexpr qsizetype base64DecodedCapacity(qsizetype textSize)
{
    return textSize / 4 * 3;
}

} // namespace paydesk
