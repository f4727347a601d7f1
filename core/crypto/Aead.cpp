#include "core/crypto/Aead.h"

#include <array>
#include <cstring>
#include <memory>

#include <openssl/evp.h>

using namespace Qt::StringLiterals;

namespace paydesk::crypto {

namespace {

constexpr int kTagSize = 16;

struct CipherCtxDeleter
{
    void operator()(EVP_CIPHER_CTX* ctx) const { EVP_CIPHER_CTX_free(ctx); }
};
using CipherCtxPtr = std::unique_ptr<EVP_CIPHER_CTX, CipherCtxDeleter>;

// Fetched from the default provider once for the process: in OpenSSL 3 a by-name cipher (EVP_aes_256_gcm())
// handed to EVP_CipherInit_ex is fetched again on every call. Never freed: it lives as long as the library.
const EVP_CIPHER* gcmFor(qsizetype keySize)
{
    static const std::array<EVP_CIPHER*, 3> ciphers { EVP_CIPHER_fetch(nullptr, "AES-128-GCM", nullptr),
        EVP_CIPHER_fetch(nullptr, "AES-192-GCM", nullptr),
        EVP_CIPHER_fetch(nullptr, "AES-256-GCM", nullptr) };
    switch (keySize) {
    case 16:
        return ciphers[0];
    case 24:
        return ciphers[1];
    case 32:
        return ciphers[2];
    default:
        return nullptr;
    }
}

const unsigned char* bytes(QByteArrayView v)
{
    return reinterpret_cast<const unsigned char*>(v.data());
}

// Sets up cipher, IV length, key and IV, then feeds the AAD. Returns a null pointer on any failure.
CipherCtxPtr begin(bool encrypt, QByteArrayView key, QByteArrayView nonce, QByteArrayView aad)
{
    const EVP_CIPHER* cipher = gcmFor(key.size());
    CipherCtxPtr ctx(EVP_CIPHER_CTX_new());
    if (!cipher || !ctx || nonce.isEmpty()) {
        return {};
    }
    if (EVP_CipherInit_ex(ctx.get(), cipher, nullptr, nullptr, nullptr, encrypt ? 1 : 0) != 1
        || EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_AEAD_SET_IVLEN, int(nonce.size()), nullptr) != 1
        || EVP_CipherInit_ex(ctx.get(), nullptr, nullptr, bytes(key), bytes(nonce), encrypt ? 1 : 0) != 1) {
        return {};
    }
    if (!aad.isEmpty()) {
        int outLen = 0;
        if (EVP_CipherUpdate(ctx.get(), nullptr, &outLen, bytes(aad), int(aad.size())) != 1) {
            return {};
        }
    }
    return ctx;
}

} // namespace

Result<QByteArray> aesGcmEncrypt(QByteArrayView key, QByteArrayView nonce, QByteArrayView aad, QByteArrayView plaintext)
{
    if (!gcmFor(key.size())) {
        return fail(ErrorCode::KeyInvalid, u"AES-GCM key must be 16, 24 or 32 bytes"_s);
    }
    if (nonce.isEmpty()) {
        return fail(ErrorCode::InvalidArgument, u"AES-GCM nonce must not be empty"_s);
    }
    CipherCtxPtr ctx = begin(true, key, nonce, aad);
    if (!ctx) {
        return fail(ErrorCode::CryptoFailure, u"AES-GCM encryption setup failed"_s);
    }
    QByteArray out(plaintext.size() + kTagSize, Qt::Uninitialized);
    auto* dst = reinterpret_cast<unsigned char*>(out.data());
    int len = 0;
    int total = 0;
    if (!plaintext.isEmpty()) {
        if (EVP_EncryptUpdate(ctx.get(), dst, &len, bytes(plaintext), int(plaintext.size())) != 1) {
            return fail(ErrorCode::CryptoFailure, u"AES-GCM encryption failed"_s);
        }
        total = len;
    }
    if (EVP_EncryptFinal_ex(ctx.get(), dst + total, &len) != 1) {
        return fail(ErrorCode::CryptoFailure, u"AES-GCM encryption failed"_s);
    }
    total += len;
    if (EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_AEAD_GET_TAG, kTagSize, dst + total) != 1) {
        return fail(ErrorCode::CryptoFailure, u"AES-GCM tag retrieval failed"_s);
    }
    out.resize(total + kTagSize);
    return out;
}

namespace {

Status checkDecryptArguments(QByteArrayView key, QByteArrayView nonce, QByteArrayView ciphertextAndTag)
{
    if (!gcmFor(key.size())) {
        return fail(ErrorCode::KeyInvalid, u"AES-GCM key must be 16, 24 or 32 bytes"_s);
    }
    if (nonce.isEmpty()) {
        return fail(ErrorCode::InvalidArgument, u"AES-GCM nonce must not be empty"_s);
    }
    if (ciphertextAndTag.size() < kTagSize) {
        return fail(ErrorCode::DecryptFailed, u"AES-GCM input shorter than its tag"_s);
    }
    return {};
}

// The rest of a decryption once `ctx` has key, nonce and AAD: the ciphertext, then the tag check.
Result<QByteArray> finishDecrypt(EVP_CIPHER_CTX* ctx, QByteArrayView ciphertextAndTag)
{
    const QByteArrayView ciphertext = ciphertextAndTag.first(ciphertextAndTag.size() - kTagSize);
    unsigned char tag[kTagSize];
    std::memcpy(tag, ciphertextAndTag.data() + ciphertextAndTag.size() - kTagSize, kTagSize);
    QByteArray out(ciphertext.size() + kTagSize, Qt::Uninitialized);
    auto* dst = reinterpret_cast<unsigned char*>(out.data());
    int len = 0;
    int total = 0;
    if (!ciphertext.isEmpty()) {
        if (EVP_DecryptUpdate(ctx, dst, &len, bytes(ciphertext), int(ciphertext.size())) != 1) {
            return fail(ErrorCode::DecryptFailed, u"AES-GCM decryption failed"_s);
        }
        total = len;
    }
    if (EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_TAG, kTagSize, tag) != 1) {
        return fail(ErrorCode::CryptoFailure, u"AES-GCM tag setup failed"_s);
    }
    // The tag is checked here; on failure the already produced plaintext bytes are discarded, never returned.
    if (EVP_DecryptFinal_ex(ctx, dst + total, &len) != 1) {
        out.fill('\0');
        return fail(ErrorCode::DecryptFailed, u"AES-GCM authentication tag does not verify"_s);
    }
    total += len;
    out.resize(total);
    return out;
}

} // namespace

Result<QByteArray> aesGcmDecrypt(
    QByteArrayView key, QByteArrayView nonce, QByteArrayView aad, QByteArrayView ciphertextAndTag)
{
    if (auto ok = checkDecryptArguments(key, nonce, ciphertextAndTag); !ok) {
        return tl::unexpected(ok.error());
    }
    CipherCtxPtr ctx = begin(false, key, nonce, aad);
    if (!ctx) {
        return fail(ErrorCode::CryptoFailure, u"AES-GCM decryption setup failed"_s);
    }
    return finishDecrypt(ctx.get(), ciphertextAndTag);
}

} // namespace paydesk::crypto
