#pragma once

#include <QByteArray>
#include <QByteArrayView>

namespace paydesk::crypto {

[[nodiscard]] QByteArray sha1(QByteArrayView data);
[[nodiscard]] QByteArray sha256(QByteArrayView data);
[[nodiscard]] QByteArray hmacSha256(QByteArrayView key, QByteArrayView data);
/// Constant-time comparison (CRYPTO_memcmp); false when the sizes differ.
[[nodiscard]] bool constantTimeEquals(QByteArrayView a, QByteArrayView b);

} // namespace paydesk::crypto
