#pragma once

#include <QByteArrayView>

#include "core/crypto/Rsa.h"

namespace paydesk::crypto {

/// RSASSA-PKCS1-v1_5 verification of an already computed digest (32 bytes for SHA-256, 20 for SHA-1), through the
/// same EVP_PKEY_verify path as RsaPublicKey. The benchmark's floor: `openssl speed rsa2048` times exactly this
/// public-key operation, with no message hashing.
[[nodiscard]] bool verifySha256Digest(const RsaPublicKey& key, QByteArrayView digest, QByteArrayView signature);
[[nodiscard]] bool verifySha1Digest(const RsaPublicKey& key, QByteArrayView digest, QByteArrayView signature);

} // namespace paydesk::crypto
