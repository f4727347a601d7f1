#pragma once

#include "core/crypto/Rsa.h"

#include <QByteArrayView>

namespace paydesk::crypto {

/// Which implementation checks a signature. RsaPublicKey always uses Default: the encode-and-compare verifier
/// (Pkcs1Verifier) where the key allows it, EVP_PKEY_verify otherwise. The other two force one side, so the
/// differential test and the benchmark can hold them next to each other.
enum class VerifyPath { Default, Evp, EncodeCompare };

/// RSASSA-PKCS1-v1_5 verification of an already computed digest (32 bytes for SHA-256, 20 for SHA-1). The
/// benchmark's floor: `openssl speed rsa2048` times exactly this public-key operation, with no message hashing.
/// EncodeCompare on a key it does not handle returns false.
[[nodiscard]] bool verifySha256Digest(const RsaPublicKey& key, QByteArrayView digest, QByteArrayView signature,
                                      VerifyPath path = VerifyPath::Default);
[[nodiscard]] bool verifySha1Digest(const RsaPublicKey& key, QByteArrayView digest, QByteArrayView signature,
                                    VerifyPath path = VerifyPath::Default);
/// Whether Default takes the encode-and-compare path for this key.
[[nodiscard]] bool usesEncodeCompare(const RsaPublicKey& key);

} // namespace paydesk::crypto
