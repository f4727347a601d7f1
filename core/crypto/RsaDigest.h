#pragma once

#include "core/crypto/Rsa.h"

#include <QByteArrayView>

namespace paydesk::crypto {

/// RSASSA-PKCS1-v1_5 verification of an already computed SHA-256 digest (32 bytes), through the same prepared
/// per-key context as RsaPublicKey::verifySha256. The benchmark's floor: `openssl speed rsa2048` times exactly this
/// public-key operation, with no message hashing.
[[nodiscard]] bool verifySha256Digest(const RsaPublicKey& key, QByteArrayView digest, QByteArrayView signature);

} // namespace paydesk::crypto
