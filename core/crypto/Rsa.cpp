#include "core/crypto/Rsa.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <cctype>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/decoder.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <QDateTime>
#include <QTimeZone>

#include "core/crypto/RsaDigest.h"
#include "core/util/Base64.h"

using namespace Qt::StringLiterals;

namespace paydesk::crypto {

namespace {

/// The two digests the channels sign with (WeChat SHA256withRSA, Alipay RSA2; Alipay's legacy RSA is SHA-1).
enum class Digest
{
    Sha256 = 0,
    Sha1 = 1
};
constexpr int kDigests = 2;

/// The two digests the channels use, fetched from the default provider once for the process. In OpenSSL 3 a
/// by-name digest (EVP_sha256()) is re-fetched from the provider on every EVP_DigestVerifyInit; an explicitly
/// fetched EVP_MD is not. Never freed: it lives as long as the library.
const EVP_MD* fetchedMd(Digest d)
{
    static const std::array<EVP_MD*, kDigests> mds { EVP_MD_fetch(nullptr, "SHA256", nullptr),
        EVP_MD_fetch(nullptr, "SHA1", nullptr) };
    return mds[size_t(d)];
}

// Identifies a KeyHandle for the per-thread context cache; never reused, unlike an address.
std::atomic<quint64> g_nextKeyId { 1 };

} // namespace

/// Owns one parsed EVP_PKEY and, per digest, an EVP_PKEY_CTX already initialised for verify (public keys) or sign
/// (private keys) with PKCS#1 v1.5 padding and that digest. Setting a context up is the expensive part of a
/// verification in OpenSSL 3 (provider look-ups, key-management export); duplicating a prepared one is a copy.
/// Nothing here is modified after construction, so the handle is shared freely between threads: a call never
/// uses a template context itself, only its own duplicate.
class KeyHandle final
{
public:
    enum class Use
    {
        Verify,
        Sign
    };
    KeyHandle(EVP_PKEY* key, Use use)
        : m_pkey(key)
        , m_id(g_nextKeyId.fetch_add(1, std::memory_order_relaxed))
    {
        for (int i = 0; i < kDigests; ++i)
            m_templates[size_t(i)] = prepare(key, use, fetchedMd(Digest(i)));
    }
    ~KeyHandle()
    {
        for (EVP_PKEY_CTX* ctx : m_templates)
            EVP_PKEY_CTX_free(ctx);
        EVP_PKEY_free(m_pkey);
    }
    KeyHandle(const KeyHandle&) = delete;
    KeyHandle& operator=(const KeyHandle&) = delete;
    [[nodiscard]] EVP_PKEY* get() const { return m_pkey; }
    [[nodiscard]] quint64 id() const { return m_id; }
    /// A context of the caller's own, ready for EVP_PKEY_verify/EVP_PKEY_sign; null if the key cannot do that.
    [[nodiscard]] EVP_PKEY_CTX* contextFor(Digest d) const
    {
        EVP_PKEY_CTX* templ = m_templates[size_t(d)];
        return templ ? EVP_PKEY_CTX_dup(templ) : nullptr;
    }

private:
    static EVP_PKEY_CTX* prepare(EVP_PKEY* key, Use use, const EVP_MD* md)
    {
        if (!key || !md)
            return nullptr;
        EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new_from_pkey(nullptr, key, nullptr);
        const bool ok = ctx && (use == Use::Verify ? EVP_PKEY_verify_init(ctx) : EVP_PKEY_sign_init(ctx)) == 1
            && EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PADDING) == 1 && EVP_PKEY_CTX_set_signature_md(ctx, md) == 1;
        if (!ok) {
            EVP_PKEY_CTX_free(ctx);
            return nullptr;
        }
        return ctx;
    }

    EVP_PKEY* m_pkey;
    quint64 m_id;
    std::array<EVP_PKEY_CTX*, kDigests> m_templates {};
};

namespace {

/// Verify contexts kept per thread, so a verification neither duplicates a context (an allocation and a
/// provider-side copy) nor frees one. EVP_PKEY_verify leaves a context reusable, as `openssl speed` relies on.
/// Keyed by KeyHandle::id: a context holds its own reference to the EVP_PKEY, so an entry outliving its handle
/// is only memory, freed when evicted or when the thread ends. Public keys only: a signing context would keep
/// private key material alive past its RsaPrivateKey.
class ThreadVerifyContexts final
{
public:
    ThreadVerifyContexts() = default;
    ThreadVerifyContexts(const ThreadVerifyContexts&) = delete;
    ThreadVerifyContexts& operator=(const ThreadVerifyContexts&) = delete;
    ~ThreadVerifyContexts()
    {
        for (const Entry& e : m_entries)
            EVP_PKEY_CTX_free(e.ctx);
    }
    EVP_PKEY_CTX* get(const KeyHandle& key, Digest d)
    {
        const quint64 tag = key.id() * kDigests + quint64(d);
        for (const Entry& e : m_entries) {
            if (e.tag == tag)
                return e.ctx;
        }
        EVP_PKEY_CTX* ctx = key.contextFor(d);
        if (!ctx)
            return nullptr;
        Entry& slot = m_entries[m_next++ % m_entries.size()];
        EVP_PKEY_CTX_free(slot.ctx);
        slot = { tag, ctx };
        return ctx;
    }

private:
    struct Entry
    {
        quint64 tag = 0;
        EVP_PKEY_CTX* ctx = nullptr;
    };
    std::array<Entry, 8> m_entries {};
    size_t m_next = 0;
};

EVP_PKEY_CTX* threadVerifyContext(const KeyHandle& key, Digest d)
{
    thread_local ThreadVerifyContexts contexts;
    return contexts.get(key, d);
}

} // namespace

struct KeyAccess
{
    static EVP_PKEY* of(const RsaPrivateKey& k) { return k.m_key ? k.m_key->get() : nullptr; }
    static EVP_PKEY* of(const RsaPublicKey& k) { return k.m_key ? k.m_key->get() : nullptr; }
    static const KeyHandle* handle(const RsaPrivateKey& k) { return k.m_key.get(); }
    static const KeyHandle* handle(const RsaPublicKey& k) { return k.m_key.get(); }
    static void set(RsaPrivateKey& k, EVP_PKEY* p) { k.m_key = std::make_shared<KeyHandle>(p, KeyHandle::Use::Sign); }
    static void set(RsaPublicKey& k, EVP_PKEY* p) { k.m_key = std::make_shared<KeyHandle>(p, KeyHandle::Use::Verify); }
};

namespace {

struct Deleter
{
    void operator()(BIO* p) const { BIO_free(p); }
    void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
    void operator()(X509* p) const { X509_free(p); }
    void operator()(BIGNUM* p) const { BN_free(p); }
    void operator()(ASN1_INTEGER* p) const { ASN1_INTEGER_free(p); }
    void operator()(X509_EXTENSION* p) const { X509_EXTENSION_free(p); }
    void operator()(OSSL_DECODER_CTX* p) const { OSSL_DECODER_CTX_free(p); }
    void operator()(EVP_PKEY_CTX* p) const { EVP_PKEY_CTX_free(p); }
};
template <typename T>
using Ptr = std::unique_ptr<T, Deleter>;

Ptr<BIO> memBio(QByteArrayView data)
{
    return Ptr<BIO>(BIO_new_mem_buf(data.data(), int(data.size())));
}

QByteArray bioContents(BIO* bio)
{
    char* data = nullptr;
    const long len = BIO_get_mem_data(bio, &data);
    return len > 0 ? QByteArray(data, qsizetype(len)) : QByteArray();
}

// Encrypted PEM keys are refused instead of prompting on the terminal.
int noPassword(char*, int, int, void*)
{
    return 0;
}

bool isPem(QByteArrayView text)
{
    return text.contains(QByteArrayView("-----BEGIN "));
}

// The base64 body Alipay's tools print: whitespace (line breaks) allowed, the rest strict base64.
std::optional<QByteArray> decodeBareBase64(QByteArrayView text)
{
    QByteArray compact;
    compact.reserve(text.size());
    for (const char c : text) {
        if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
            compact.append(c);
        }
    }
    return decodeBase64Strict(compact);
}

// Runs OpenSSL's decoder (PEM or DER, any structure: PKCS#8, PKCS#1, SubjectPublicKeyInfo) for an RSA key.
Ptr<EVP_PKEY> decodeKey(QByteArrayView data, const char* inputType, int selection)
{
    EVP_PKEY* pkey = nullptr;
    Ptr<OSSL_DECODER_CTX> dctx(
        OSSL_DECODER_CTX_new_for_pkey(&pkey, inputType, nullptr, "RSA", selection, nullptr, nullptr));
    if (!dctx) {
        return {};
    }
    const auto* ptr = reinterpret_cast<const unsigned char*>(data.data());
    size_t len = size_t(data.size());
    if (OSSL_DECODER_from_data(dctx.get(), &ptr, &len) != 1) {
        EVP_PKEY_free(pkey);
        return {};
    }
    return Ptr<EVP_PKEY>(pkey);
}

bool isRsa(const EVP_PKEY* pkey)
{
    return pkey && (EVP_PKEY_is_a(pkey, "RSA") == 1);
}

struct MdCtxFree
{
    void operator()(EVP_MD_CTX* p) const { EVP_MD_CTX_free(p); }
};

// The message digest with the pre-fetched EVP_MD and a context kept per thread: EVP_Digest would allocate and
// free a context (and its provider state) on every call. Only public data (signed messages) goes through it.
bool digestOfParts(Digest d, std::initializer_list<QByteArrayView> parts, unsigned char* out, unsigned int* outLen)
{
    thread_local const std::unique_ptr<EVP_MD_CTX, MdCtxFree> ctx(EVP_MD_CTX_new());
    const EVP_MD* md = fetchedMd(d);
    if (!md || !ctx || EVP_DigestInit_ex2(ctx.get(), md, nullptr) != 1)
        return false;
    for (const QByteArrayView part : parts) {
        if (EVP_DigestUpdate(ctx.get(), part.data(), size_t(part.size())) != 1)
            return false;
    }
    return EVP_DigestFinal_ex(ctx.get(), out, outLen) == 1;
}

bool digestOf(Digest d, QByteArrayView data, unsigned char* out, unsigned int* outLen)
{
    return digestOfParts(d, { data }, out, outLen);
}

Result<QByteArray> signWith(const KeyHandle* key, Digest d, QByteArrayView data)
{
    if (!key) {
        return fail(ErrorCode::KeyInvalid, u"no private key loaded"_s);
    }
    // A context of our own per call (a copy of the key's prepared one): the shared key is only read.
    Ptr<EVP_PKEY_CTX> ctx(key->contextFor(d));
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int digestLen = 0;
    size_t len = 0;
    if (!ctx || !digestOf(d, data, digest, &digestLen)
        || EVP_PKEY_sign(ctx.get(), nullptr, &len, digest, digestLen) != 1) {
        return fail(ErrorCode::CryptoFailure, u"RSA signing setup failed"_s);
    }
    QByteArray sig(qsizetype(len), Qt::Uninitialized);
    if (EVP_PKEY_sign(ctx.get(), reinterpret_cast<unsigned char*>(sig.data()), &len, digest, digestLen) != 1) {
        return fail(ErrorCode::CryptoFailure, u"RSA signing failed"_s);
    }
    sig.resize(qsizetype(len));
    return sig;
}

// RSASSA-PKCS1-v1_5: EVP_PKEY_verify with the digest set on the context checks the full DigestInfo encoding
// (algorithm identifier included), exactly as EVP_DigestVerify does after hashing. The only verify path: OpenSSL
// (and whatever provider it is configured with) does the arithmetic and the padding check.
bool verifyDigest(
    const KeyHandle* key, Digest d, const unsigned char* digest, size_t digestLen, QByteArrayView signature)
{
    if (!key || signature.isEmpty()) {
        return false;
    }
    EVP_PKEY_CTX* ctx = threadVerifyContext(*key, d);
    return ctx
        && EVP_PKEY_verify(ctx,
               reinterpret_cast<const unsigned char*>(signature.data()),
               size_t(signature.size()),
               digest,
               digestLen)
        == 1;
}

bool verifyWith(const KeyHandle* key, Digest d, std::initializer_list<QByteArrayView> parts, QByteArrayView signature)
{
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int digestLen = 0;
    return key && !signature.isEmpty() && digestOfParts(d, parts, digest, &digestLen)
        && verifyDigest(key, d, digest, digestLen, signature);
}

QByteArray publicPem(EVP_PKEY* pkey)
{
    Ptr<BIO> bio(BIO_new(BIO_s_mem()));
    if (!pkey || !bio || PEM_write_bio_PUBKEY(bio.get(), pkey) != 1) {
        return {};
    }
    return bioContents(bio.get());
}

Ptr<X509> readX509(QByteArrayView pem)
{
    Ptr<BIO> bio = memBio(pem);
    if (!bio) {
        return {};
    }
    return Ptr<X509>(PEM_read_bio_X509(bio.get(), nullptr, noPassword, nullptr));
}

qint64 asn1TimeToSecs(const ASN1_TIME* t)
{
    struct tm tmv = {};
    if (!t || ASN1_TIME_to_tm(t, &tmv) != 1) {
        return 0;
    }
    const QDateTime dt(QDate(tmv.tm_year + 1900, tmv.tm_mon + 1, tmv.tm_mday),
        QTime(tmv.tm_hour, tmv.tm_min, tmv.tm_sec),
        QTimeZone::utc());
    return dt.toSecsSinceEpoch();
}

bool addExtension(X509* cert, X509V3_CTX* ctx, int nid, const char* value)
{
    Ptr<X509_EXTENSION> ext(X509V3_EXT_conf_nid(nullptr, ctx, nid, value));
    return ext && X509_add_ext(cert, ext.get(), -1) == 1;
}

} // namespace

Result<RsaPrivateKey> RsaPrivateKey::fromPem(QByteArrayView pemOrBase64Der)
{
    const QByteArrayView text = pemOrBase64Der.trimmed();
    Ptr<EVP_PKEY> pkey;
    if (isPem(text)) {
        Ptr<BIO> bio = memBio(text);
        if (bio) {
            pkey.reset(PEM_read_bio_PrivateKey(bio.get(), nullptr, noPassword, nullptr));
        }
    } else if (const auto der = decodeBareBase64(text)) {
        pkey = decodeKey(*der, "DER", EVP_PKEY_KEYPAIR);
    }
    if (!isRsa(pkey.get())) {
        return fail(ErrorCode::KeyInvalid, u"not an unencrypted RSA private key (PKCS#8, PKCS#1 or base64 DER)"_s);
    }
    RsaPrivateKey key;
    KeyAccess::set(key, pkey.release());
    return key;
}

Result<RsaPrivateKey> RsaPrivateKey::generate(int bits)
{
    if (bits < 2048 || bits > 8192) {
        return fail(ErrorCode::InvalidArgument, u"RSA key size must be 2048..8192 bits"_s);
    }
    Ptr<EVP_PKEY> pkey(EVP_RSA_gen(static_cast<unsigned int>(bits)));
    if (!pkey) {
        return fail(ErrorCode::CryptoFailure, u"RSA key generation failed"_s);
    }
    RsaPrivateKey key;
    KeyAccess::set(key, pkey.release());
    return key;
}

Result<QByteArray> RsaPrivateKey::signSha256(QByteArrayView data) const
{
    return signWith(KeyAccess::handle(*this), Digest::Sha256, data);
}

Result<QByteArray> RsaPrivateKey::signSha1(QByteArrayView data) const
{
    return signWith(KeyAccess::handle(*this), Digest::Sha1, data);
}

QByteArray RsaPrivateKey::toPkcs8Pem() const
{
    EVP_PKEY* pkey = KeyAccess::of(*this);
    Ptr<BIO> bio(BIO_new(BIO_s_mem()));
    if (!pkey || !bio || PEM_write_bio_PrivateKey(bio.get(), pkey, nullptr, nullptr, 0, nullptr, nullptr) != 1) {
        return {};
    }
    return bioContents(bio.get());
}

QByteArray RsaPrivateKey::publicKeyPem() const
{
    return publicPem(KeyAccess::of(*this));
}

Result<RsaPublicKey> RsaPublicKey::fromPem(QByteArrayView pemOrBase64Der)
{
    const QByteArrayView text = pemOrBase64Der.trimmed();
    Ptr<EVP_PKEY> pkey;
    if (text.contains(QByteArrayView("-----BEGIN CERTIFICATE-----"))) {
        if (Ptr<X509> cert = readX509(text)) {
            pkey.reset(X509_get_pubkey(cert.get()));
        }
    } else if (isPem(text)) {
        pkey = decodeKey(text, "PEM", EVP_PKEY_PUBLIC_KEY);
    } else if (const auto der = decodeBareBase64(text)) {
        pkey = decodeKey(*der, "DER", EVP_PKEY_PUBLIC_KEY);
    }
    if (!isRsa(pkey.get())) {
        return fail(ErrorCode::KeyInvalid, u"not an RSA public key (SPKI, PKCS#1, certificate or base64 DER)"_s);
    }
    RsaPublicKey key;
    KeyAccess::set(key, pkey.release());
    return key;
}

bool RsaPublicKey::verifySha256(QByteArrayView data, QByteArrayView signature) const
{
    return verifyWith(KeyAccess::handle(*this), Digest::Sha256, { data }, signature);
}

bool RsaPublicKey::verifySha1(QByteArrayView data, QByteArrayView signature) const
{
    return verifyWith(KeyAccess::handle(*this), Digest::Sha1, { data }, signature);
}

bool RsaPublicKey::verifySha256Parts(std::initializer_list<QByteArrayView> parts, QByteArrayView signature) const
{
    return verifyWith(KeyAccess::handle(*this), Digest::Sha256, parts, signature);
}

bool verifySha256Digest(const RsaPublicKey& key, QByteArrayView digest, QByteArrayView signature)
{
    return digest.size() == 32
        && verifyDigest(KeyAccess::handle(key),
            Digest::Sha256,
            reinterpret_cast<const unsigned char*>(digest.data()),
            size_t(digest.size()),
            signature);
}

bool verifySha1Digest(const RsaPublicKey& key, QByteArrayView digest, QByteArrayView signature)
{
    return digest.size() == 20
        && verifyDigest(KeyAccess::handle(key),
            Digest::Sha1,
            reinterpret_cast<const unsigned char*>(digest.data()),
            size_t(digest.size()),
            signature);
}

QByteArray RsaPublicKey::toPem() const
{
    return publicPem(KeyAccess::of(*this));
}

Result<CertificateInfo> readCertificate(QByteArrayView pem)
{
    Ptr<X509> cert = readX509(pem.trimmed());
    if (!cert) {
        return fail(ErrorCode::KeyInvalid, u"not a PEM X.509 certificate"_s);
    }
    Ptr<BIGNUM> serial(ASN1_INTEGER_to_BN(X509_get0_serialNumber(cert.get()), nullptr));
    char* hex = serial ? BN_bn2hex(serial.get()) : nullptr;
    if (!hex) {
        return fail(ErrorCode::KeyInvalid, u"certificate serial number unreadable"_s);
    }
    CertificateInfo info;
    info.serialHex = QString::fromLatin1(hex).toUpper();
    OPENSSL_free(hex);
    Ptr<EVP_PKEY> pkey(X509_get_pubkey(cert.get()));
    info.publicKeyPem = publicPem(pkey.get());
    info.notBeforeSecs = asn1TimeToSecs(X509_get0_notBefore(cert.get()));
    info.notAfterSecs = asn1TimeToSecs(X509_get0_notAfter(cert.get()));
    if (info.publicKeyPem.isEmpty()) {
        return fail(ErrorCode::KeyInvalid, u"certificate public key unreadable"_s);
    }
    return info;
}

Result<QByteArray> makeSelfSignedCertificate(
    const RsaPrivateKey& key, const QString& serialHex, const QString& commonName, qint64 notBeforeSecs, int days)
{
    EVP_PKEY* pkey = KeyAccess::of(key);
    if (!pkey) {
        return fail(ErrorCode::KeyInvalid, u"no private key loaded"_s);
    }
    const QByteArray serialText = serialHex.toLatin1();
    const bool hexOnly = !serialText.isEmpty() && serialText.size() <= 40
        && std::all_of(serialText.begin(), serialText.end(), [](char c) {
               return std::isxdigit(uchar(c)) != 0;
           });
    if (!hexOnly || days <= 0 || commonName.isEmpty()) {
        return fail(
            ErrorCode::InvalidArgument, u"certificate needs a hex serial (<= 40 digits), a name and days > 0"_s);
    }
    BIGNUM* bnRaw = nullptr;
    if (BN_hex2bn(&bnRaw, serialText.constData()) == 0) {
        return fail(ErrorCode::InvalidArgument, u"bad certificate serial"_s);
    }
    Ptr<BIGNUM> bn(bnRaw);
    Ptr<ASN1_INTEGER> serial(BN_to_ASN1_INTEGER(bn.get(), nullptr));
    Ptr<X509> cert(X509_new());
    if (!serial || !cert) {
        return fail(ErrorCode::CryptoFailure, u"certificate allocation failed"_s);
    }
    const QByteArray cn = commonName.toUtf8();
    X509_NAME* name = X509_get_subject_name(cert.get());
    bool ok = X509_set_version(cert.get(), 2) == 1 && X509_set_serialNumber(cert.get(), serial.get()) == 1
        && ASN1_TIME_set(X509_getm_notBefore(cert.get()), time_t(notBeforeSecs)) != nullptr
        && ASN1_TIME_adj(X509_getm_notAfter(cert.get()), time_t(notBeforeSecs), days, 0) != nullptr
        && X509_NAME_add_entry_by_txt(
               name, "CN", MBSTRING_UTF8, reinterpret_cast<const unsigned char*>(cn.constData()), int(cn.size()), -1, 0)
            == 1
        && X509_set_issuer_name(cert.get(), name) == 1 && X509_set_pubkey(cert.get(), pkey) == 1;
    if (ok) {
        X509V3_CTX ctx;
        X509V3_set_ctx_nodb(&ctx);
        X509V3_set_ctx(&ctx, cert.get(), cert.get(), nullptr, nullptr, 0);
        ok = addExtension(cert.get(), &ctx, NID_basic_constraints, "critical,CA:FALSE")
            && addExtension(cert.get(), &ctx, NID_key_usage, "critical,digitalSignature,nonRepudiation,keyEncipherment")
            && addExtension(cert.get(), &ctx, NID_subject_key_identifier, "hash");
    }
    if (!ok || X509_sign(cert.get(), pkey, EVP_sha256()) <= 0) {
        return fail(ErrorCode::CryptoFailure, u"building the self-signed certificate failed"_s);
    }
    Ptr<BIO> bio(BIO_new(BIO_s_mem()));
    if (!bio || PEM_write_bio_X509(bio.get(), cert.get()) != 1) {
        return fail(ErrorCode::CryptoFailure, u"writing the certificate failed"_s);
    }
    return bioContents(bio.get());
}

} // namespace paydesk::crypto
