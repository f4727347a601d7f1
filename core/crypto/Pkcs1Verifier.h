#pragma once

// Internal to core/crypto: Rsa.cpp's fast path for RSASSA-PKCS1-v1_5 verification. Not part of the public API.

#include <openssl/types.h>

#include <array>
#include <cstddef>
#include <memory>
#include <vector>

namespace paydesk::crypto::detail {

/// The two digests the channels sign with (WeChat SHA256withRSA, Alipay RSA2; Alipay's legacy RSA is SHA-1).
enum class Digest { Sha256 = 0, Sha1 = 1 };
constexpr int kDigests = 2;

/// RSASSA-PKCS1-v1_5 verification the way RFC 8017 §8.2.2 defines it: s^e mod n is computed and compared, byte for
/// byte, with the encoding EMSA-PKCS1-v1_5 gives the digest (00 01 FF…FF 00 DigestInfo H). Nothing is parsed out
/// of the recovered block, so no malformed padding can be read as valid.
///
/// Why not EVP_PKEY_verify: the public-key operation dominates notification handling, and OpenSSL's generic path
/// around the same Montgomery arithmetic costs about 10% of it per call (a BN_CTX and buffers allocated and freed,
/// a lock to read the cached Montgomery context, a window table sized for long exponents, a parsed DigestInfo). Here
/// the Montgomery context is built once per key and a thread's scratch numbers are kept, and e = 65537 takes the
/// 16 squarings and one multiplication it needs. Every vector and a differential test against EVP_PKEY_verify
/// (tst_crypto_pkcs1) hold it to OpenSSL's verdicts. Only public values pass through: no constant-time concerns.
class Pkcs1Verifier final
{
public:
    /// Null when the key is outside what this path handles (not RSA, modulus not 1024–4096 bits, e even or longer
    /// than 32 bits); the caller then verifies through EVP_PKEY_verify.
    [[nodiscard]] static std::unique_ptr<Pkcs1Verifier> forKey(const EVP_PKEY* key);

    ~Pkcs1Verifier();
    Pkcs1Verifier(const Pkcs1Verifier&) = delete;
    Pkcs1Verifier& operator=(const Pkcs1Verifier&) = delete;

    /// True only if `signature` (exactly the modulus' length) is a valid signature of `digest` (the digest of d).
    /// Thread-safe: the key's values are only read; scratch numbers are the calling thread's own.
    [[nodiscard]] bool verify(Digest d, const unsigned char* digest, size_t digestLen, const unsigned char* signature,
                              size_t signatureLen) const;

    /// The DER DigestInfo prefix (RFC 8017 §9.2, note 1) that precedes a digest of d.
    [[nodiscard]] static const unsigned char* digestInfoPrefix(Digest d, size_t* len, size_t* digestLen);

private:
    Pkcs1Verifier() = default;

    BIGNUM* m_n = nullptr;
    BIGNUM* m_e = nullptr;
    BN_MONT_CTX* m_mont = nullptr;
    size_t m_k = 0;  ///< modulus length in bytes: every signature and encoded block has it
    int m_eBits = 0; ///< bits of e, scanned from the top in the exponentiation
    /// Per digest, the encoded block up to the digest itself: 00 01 FF…FF 00 DigestInfo-prefix.
    std::array<std::vector<unsigned char>, kDigests> m_heads;
};

} // namespace paydesk::crypto::detail
