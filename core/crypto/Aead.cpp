#include "core/crypto/Aead.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <array>
#include <cstring>
#include <memory>

using namespace Qt::StringLiterals;

namespace paydesk::crypto {

namespace {

constexpr int kTagSize = 16;

struct CipherCtxDeleter {
    void operator()(EVP_CIPHER_CTX* ctx) const { EVP_CIPHER_CTX_free(ctx); }
};
using CipherCtxPtr = std::unique_ptr<EVP_CIPHER_CTX, CipherCtxDeleter>;

// Fetched from the default provider once for the process: in OpenSSL 3 a by-name cipher (EVP_aes_256_gcm())
// handed to EVP_CipherInit_ex is fetched again on every call. Never freed: it lives as long as the library.
const EVP_CIPHER* gcmFor(qsizetype keySize)
{
    static const std::array<EVP_CIPHER*, 3> ciphers{EVP_CIPHER_fetch(nullptr, "AES-128-GCM", nullptr),
                                                    EVP_CIPHER_fetch(nullptr, "AES-192-GCM", nullptr),
                                                    EVP_CIPHER_fetch(nullptr, "AES-256-GCM", nullptr)};
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

Result<QByteArray> aesGcmEncrypt(QByteArrayView key, QByteArrayView nonce, QByteArrayView aad,
                                 QByteArrayView plaintext)
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

/// Decryption contexts with their key already set, kept per thread for aesGcmDecryptKeptKey(). Setting a key is
/// the AES key expansion plus the GHASH table, more than the decryption of a notification itself; setting a nonce
/// on a keyed context resets everything else (GHASH state, lengths, tag), so a context is reused call after call.
/// An entry is matched by the whole key (constant-time compare): a changed key always gets a context of its own.
/// Entries are wiped (EVP_CIPHER_CTX_free clears the provider's key schedule; the key copy is cleansed) when
/// pushed out, after any failure on them, on forget() and when the thread ends.
class ThreadGcmKeys final
{
public:
    struct Entry {
        std::array<unsigned char, 32> key{};
        qsizetype keySize = 0;
        qsizetype nonceSize = 0; ///< the IV length the context is set to
        EVP_CIPHER_CTX* ctx = nullptr;
    };

    ThreadGcmKeys() = default;
    ThreadGcmKeys(const ThreadGcmKeys&) = delete;
    ThreadGcmKeys& operator=(const ThreadGcmKeys&) = delete;
    ~ThreadGcmKeys() { forget(); }

    static ThreadGcmKeys& current()
    {
        thread_local ThreadGcmKeys keys;
        return keys;
    }

    /// An entry whose context holds `key` (a valid AES key size), or null when OpenSSL fails to set one up.
    Entry* get(QByteArrayView key)
    {
        for (Entry& e : m_entries) {
            if (e.ctx && e.keySize == key.size() && CRYPTO_memcmp(e.key.data(), key.data(), size_t(key.size())) == 0)
                return &e;
        }
        Entry& slot = m_entries[m_next++ % m_entries.size()];
        drop(slot);
        CipherCtxPtr ctx(EVP_CIPHER_CTX_new());
        if (!ctx || EVP_DecryptInit_ex(ctx.get(), gcmFor(key.size()), nullptr, nullptr, nullptr) != 1
            || EVP_DecryptInit_ex(ctx.get(), nullptr, nullptr, bytes(key), nullptr) != 1) {
            return nullptr;
        }
        const int ivLength = EVP_CIPHER_CTX_get_iv_length(ctx.get());
        if (ivLength <= 0)
            return nullptr;
        std::memcpy(slot.key.data(), key.data(), size_t(key.size()));
        slot.keySize = key.size();
        slot.nonceSize = ivLength;
        slot.ctx = ctx.release();
        return &slot;
    }

    static void drop(Entry& e)
    {
        EVP_CIPHER_CTX_free(e.ctx);
        e.ctx = nullptr;
        OPENSSL_cleanse(e.key.data(), e.key.size());
        e.keySize = 0;
        e.nonceSize = 0;
    }

    void forget()
    {
        for (Entry& e : m_entries)
            drop(e);
    }

private:
    std::array<Entry, 4> m_entries{};
    size_t m_next = 0;
};

} // namespace

Result<QByteArray> aesGcmDecrypt(QByteArrayView key, QByteArrayView nonce, QByteArrayView aad,
                                 QByteArrayView ciphertextAndTag)
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

Result<QByteArray> aesGcmDecryptKeptKey(QByteArrayView key, QByteArrayView nonce, QByteArrayView aad,
                                        QByteArrayView ciphertextAndTag)
{
    if (auto ok = checkDecryptArguments(key, nonce, ciphertextAndTag); !ok) {
        return tl::unexpected(ok.error());
    }
    ThreadGcmKeys::Entry* entry = ThreadGcmKeys::current().get(key);
    if (!entry) {
        return fail(ErrorCode::CryptoFailure, u"AES-GCM decryption setup failed"_s);
    }
    EVP_CIPHER_CTX* ctx = entry->ctx;
    bool ready = true;
    if (nonce.size() != entry->nonceSize) {
        ready = EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_IVLEN, int(nonce.size()), nullptr) == 1;
        entry->nonceSize = ready ? nonce.size() : 0;
    }
    int outLen = 0;
    ready = ready && EVP_DecryptInit_ex(ctx, nullptr, nullptr, nullptr, bytes(nonce)) == 1
        && (aad.isEmpty() || EVP_DecryptUpdate(ctx, nullptr, &outLen, bytes(aad), int(aad.size())) == 1);
    if (!ready) {
        ThreadGcmKeys::drop(*entry);
        return fail(ErrorCode::CryptoFailure, u"AES-GCM decryption setup failed"_s);
    }
    auto plain = finishDecrypt(ctx, ciphertextAndTag);
    if (!plain) {
        // A refused tag leaves the context reusable (the next nonce resets it), but nothing is lost by starting
        // afresh after any failure, and no state of a failed call can then reach the next one.
        ThreadGcmKeys::drop(*entry);
    }
    return plain;
}

void forgetThreadAesGcmKeys()
{
    ThreadGcmKeys::current().forget();
}

} // namespace paydesk::crypto
