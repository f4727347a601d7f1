#pragma once

#include <QByteArray>
#include <QString>

namespace paydesk::crypto {

/// Bytes from RAND_bytes. Aborts (Q_ASSERT/qFatal) only if the OS entropy source is broken.
[[nodiscard]] QByteArray randomBytes(int count);
/// Random [0-9A-Za-z] string, e.g. a WeChat nonce_str (32 characters).
[[nodiscard]] QString randomAlnum(int length);
/// Random upper-case hex string of `length` characters.
[[nodiscard]] QString randomHex(int length);

} // namespace paydesk::crypto
