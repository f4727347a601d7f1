#include "core/crypto/Pkcs1Verifier.h"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>

#include <cstring>

namespace paydesk::crypto::detail {

namespace {

constexpr size_t kMaxModulusBytes = 512; // 4096 bits
constexpr int kMinModulusBits = 1024;
constexpr int kMaxExponentBits = 32;

// RFC 8017 §9.2, note 1.
constexpr unsigned char kSha256Prefix[] = {0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01,
                                           0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20};
constexpr unsigned char kSha1Prefix[] = {0x30, 0x21, 0x30, 0x09, 0x06, 0x05, 0x2b, 0x0e,
                                         0x03, 0x02, 0x1a, 0x05, 0x00, 0x04, 0x14};

/// A thread's scratch numbers. BN_CTX would hand out temporaries too, but a BN_CTX_start/end pair per call is the
/// kind of bookkeeping this path exists to avoid; numbers that keep their storage between calls are enough.
struct Scratch {
    BN_CTX* ctx = BN_CTX_new();
    BIGNUM* s = BN_new();        ///< the signature as a number
    BIGNUM* base = BN_new();     ///< s in Montgomery form
    BIGNUM* acc = BN_new();      ///< the running power, Montgomery form
    BIGNUM* m = BN_new();        ///< s^e mod n
    BIGNUM* expected = BN_new(); ///< the encoding the digest should have, as a number
    Scratch() = default;
    Scratch(const Scratch&) = delete;
    Scratch& operator=(const Scratch&) = delete;
    ~Scratch()
    {
        for (BIGNUM* b : {s, base, acc, m, expected})
            BN_free(b);
        BN_CTX_free(ctx);
    }
    [[nodiscard]] bool ok() const { return ctx && s && base && acc && m && expected; }
};

Scratch& scratch()
{
    thread_local Scratch t;
    return t;
}

} // namespace

const unsigned char* Pkcs1Verifier::digestInfoPrefix(Digest d, size_t* len, size_t* digestLen)
{
    if (d == Digest::Sha1) {
        *len = sizeof kSha1Prefix;
        *digestLen = 20;
        return kSha1Prefix;
    }
    *len = sizeof kSha256Prefix;
    *digestLen = 32;
    return kSha256Prefix;
}

std::unique_ptr<Pkcs1Verifier> Pkcs1Verifier::forKey(const EVP_PKEY* key)
{
    if (!key || EVP_PKEY_is_a(key, "RSA") != 1)
        return {};
    std::unique_ptr<Pkcs1Verifier> v(new Pkcs1Verifier);
    if (EVP_PKEY_get_bn_param(key, OSSL_PKEY_PARAM_RSA_N, &v->m_n) != 1
        || EVP_PKEY_get_bn_param(key, OSSL_PKEY_PARAM_RSA_E, &v->m_e) != 1)
        return {};
    const int nBits = BN_num_bits(v->m_n);
    v->m_eBits = BN_num_bits(v->m_e);
    // Bounds as OpenSSL's own public operation sets them, narrowed to the keys the channels use.
    if (nBits < kMinModulusBits || nBits > int(kMaxModulusBytes * 8) || !BN_is_odd(v->m_n) || !BN_is_odd(v->m_e)
        || v->m_eBits < 2 || v->m_eBits > kMaxExponentBits || BN_ucmp(v->m_n, v->m_e) <= 0)
        return {};
    v->m_k = size_t(BN_num_bytes(v->m_n));
    BN_CTX* ctx = BN_CTX_new();
    v->m_mont = BN_MONT_CTX_new();
    const bool montOk = ctx && v->m_mont && BN_MONT_CTX_set(v->m_mont, v->m_n, ctx) == 1;
    BN_CTX_free(ctx);
    if (!montOk)
        return {};
    for (int i = 0; i < kDigests; ++i) {
        size_t prefixLen = 0;
        size_t digestLen = 0;
        const unsigned char* prefix = digestInfoPrefix(Digest(i), &prefixLen, &digestLen);
        // EM = 0x00 || 0x01 || PS || 0x00 || T, with PS at least 8 bytes of 0xFF (RFC 8017 §9.2 step 3).
        if (v->m_k < prefixLen + digestLen + 11)
            return {};
        std::vector<unsigned char>& head = v->m_heads[size_t(i)];
        head.assign(v->m_k - digestLen, 0xFF);
        head[0] = 0x00;
        head[1] = 0x01;
        head[head.size() - prefixLen - 1] = 0x00;
        std::memcpy(head.data() + head.size() - prefixLen, prefix, prefixLen);
    }
    return v;
}

Pkcs1Verifier::~Pkcs1Verifier()
{
    BN_MONT_CTX_free(m_mont);
    BN_free(m_n);
    BN_free(m_e);
}

bool Pkcs1Verifier::verify(Digest d, const unsigned char* digest, size_t digestLen, const unsigned char* signature,
                           size_t signatureLen) const
{
    const std::vector<unsigned char>& head = m_heads[size_t(d)];
    if (signatureLen != m_k || head.size() + digestLen != m_k)
        return false;
    Scratch& t = scratch();
    // RSAVP1 (RFC 8017 §5.2.2): the signature representative must be below n.
    if (!t.ok() || !BN_bin2bn(signature, int(signatureLen), t.s) || BN_ucmp(t.s, m_n) >= 0)
        return false;
    // Left-to-right square-and-multiply in Montgomery form; for e = 65537 that is 16 squarings and one multiply.
    // e is odd, so the last step multiplies; it takes the plain s instead of s in Montgomery form, and Montgomery
    // multiplication of (x·R) by s gives x·s itself: the result leaves Montgomery form without a conversion.
    if (BN_to_montgomery(t.base, t.s, m_mont, t.ctx) != 1 || !BN_copy(t.acc, t.base))
        return false;
    for (int bit = m_eBits - 2; bit >= 0; --bit) {
        if (BN_mod_mul_montgomery(t.acc, t.acc, t.acc, m_mont, t.ctx) != 1)
            return false;
        if (bit == 0)
            break;
        if (BN_is_bit_set(m_e, bit) && BN_mod_mul_montgomery(t.acc, t.acc, t.base, m_mont, t.ctx) != 1)
            return false;
    }
    if (BN_mod_mul_montgomery(t.m, t.acc, t.s, m_mont, t.ctx) != 1)
        return false;
    // EM' as a number: two k-byte blocks are equal exactly when their values are, and reading EM' in is cheaper
    // than writing s^e out. Signature, message and key are all public, so an early-exit comparison leaks nothing.
    unsigned char em[kMaxModulusBytes];
    std::memcpy(em, head.data(), head.size());
    std::memcpy(em + head.size(), digest, digestLen);
    return BN_bin2bn(em, int(m_k), t.expected) && BN_cmp(t.m, t.expected) == 0;
}

} // namespace paydesk::crypto::detail
