#pragma once

#include "core/util/Result.h"

#include <QByteArray>
#include <QByteArrayView>

namespace paydesk::crypto {

/// AES-GCM with a 16-byte tag appended to the ciphertext (WeChat's AEAD_AES_256_GCM layout). The key length picks
/// AES-128/192/256 (WeChat's real APIv3 key is 32 bytes; the Go vector uses 16). Any nonce length OpenSSL accepts.
/// Decryption fails with DecryptFailed when the tag does not verify; no plaintext is returned then.
[[nodiscard]] Result<QByteArray> aesGcmEncrypt(QByteArrayView key, QByteArrayView nonce, QByteArrayView aad,
                                               QByteArrayView plaintext);
[[nodiscard]] Result<QByteArray> aesGcmDecrypt(QByteArrayView key, QByteArrayView nonce, QByteArrayView aad,
                                               QByteArrayView ciphertextAndTag);

/// aesGcmDecrypt() with the key schedule kept per thread: the first call with a key sets a cipher context up with
/// it, later calls on the same thread only set the nonce (the AES key expansion and GHASH table are most of a short
/// decryption). Same results and errors as aesGcmDecrypt(). The cache holds a few keys, matched by their whole
/// bytes in constant time, so another key is never mistaken for a cached one; a key keeps its expanded form in the
/// thread's memory until it is pushed out by other keys, forgetThreadAesGcmKeys() is called, or the thread ends
/// (wiped each time). Meant for a long-lived key that decrypts often (WeChat Pay's APIv3 key); not for keys that
/// must be gone as soon as their owner is.
[[nodiscard]] Result<QByteArray> aesGcmDecryptKeptKey(QByteArrayView key, QByteArrayView nonce, QByteArrayView aad,
                                                      QByteArrayView ciphertextAndTag);

/// Wipes and frees the calling thread's kept AES-GCM keys (see aesGcmDecryptKeptKey()).
void forgetThreadAesGcmKeys();

} // namespace paydesk::crypto
