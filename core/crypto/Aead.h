#pragma once

#include <QByteArray>
#include <QByteArrayView>

#include "core/util/Result.h"

namespace paydesk::crypto {

/// AES-GCM with a 16-byte tag appended to the ciphertext (WeChat's AEAD_AES_256_GCM layout). The key length picks
/// AES-128/192/256 (WeChat's real APIv3 key is 32 bytes; the Go vector uses 16). Any nonce length OpenSSL accepts.
/// Decryption fails with DecryptFailed when the tag does not verify; no plaintext is returned then.
[[nodiscard]] Result<QByteArray> aesGcmEncrypt(
    QByteArrayView key, QByteArrayView nonce, QByteArrayView aad, QByteArrayView plaintext);
[[nodiscard]] Result<QByteArray> aesGcmDecrypt(
    QByteArrayView key, QByteArrayView nonce, QByteArrayView aad, QByteArrayView ciphertextAndTag);

} // namespace paydesk::crypto
