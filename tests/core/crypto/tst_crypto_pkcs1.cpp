// RSASSA-PKCS1-v1_5 verification (core/crypto/Rsa, on EVP_PKEY_verify with contexts kept per thread): on the
// vectors' keys and on generated keys of several sizes, good signatures verify and blocks forged with every padding
// mistake are refused; a refused signature leaves the kept context right for the next one, whose verdict always
// matches a fresh EVP_PKEY_verify.
#include <memory>

#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include <QCryptographicHash>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTest>

#include "core/crypto/Rsa.h"
#include "core/crypto/RsaDigest.h"
#include "tests/support/TestSupport.h"

using namespace paydesk;
using namespace paydesk::crypto;
using namespace Qt::StringLiterals;

namespace {

struct PkeyFree
{
    void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
};
using Pkey = std::unique_ptr<EVP_PKEY, PkeyFree>;

Pkey generate(int bits, unsigned long exponent)
{
    EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr);
    BIGNUM* e = BN_new();
    EVP_PKEY* key = nullptr;
    const bool ok = ctx && e && BN_set_word(e, exponent) == 1 && EVP_PKEY_keygen_init(ctx) == 1
        && EVP_PKEY_CTX_set_rsa_keygen_bits(ctx, bits) == 1 && EVP_PKEY_CTX_set1_rsa_keygen_pubexp(ctx, e) == 1
        && EVP_PKEY_generate(ctx, &key) == 1;
    BN_free(e);
    EVP_PKEY_CTX_free(ctx);
    return Pkey(ok ? key : nullptr);
}

RsaPublicKey publicOf(EVP_PKEY* key)
{
    BIO* bio = BIO_new(BIO_s_mem());
    PEM_write_bio_PUBKEY(bio, key);
    char* data = nullptr;
    const long len = BIO_get_mem_data(bio, &data);
    auto pub = RsaPublicKey::fromPem(QByteArrayView(data, qsizetype(len)));
    BIO_free(bio);
    return pub ? *pub : RsaPublicKey();
}

// The private operation on a block of our choosing (no padding added): a "signature" whose recovered block is
// exactly `em`, so malformed paddings can be tested as a forger would build them.
QByteArray rawSign(EVP_PKEY* key, const QByteArray& em)
{
    EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new_from_pkey(nullptr, key, nullptr);
    QByteArray sig(em.size(), Qt::Uninitialized);
    size_t len = size_t(sig.size());
    const bool ok = ctx && EVP_PKEY_sign_init(ctx) == 1 && EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_NO_PADDING) == 1
        && EVP_PKEY_sign(ctx,
               reinterpret_cast<unsigned char*>(sig.data()),
               &len,
               reinterpret_cast<const unsigned char*>(em.constData()),
               size_t(em.size()))
            == 1;
    EVP_PKEY_CTX_free(ctx);
    return ok ? sig.left(qsizetype(len)) : QByteArray();
}

// The reference verdict: a context of its own, used once.
bool freshEvpVerify(EVP_PKEY* key, const QByteArray& digest, const QByteArray& sig)
{
    EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new_from_pkey(nullptr, key, nullptr);
    const bool ok = ctx && EVP_PKEY_verify_init(ctx) == 1 && EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PADDING) == 1
        && EVP_PKEY_CTX_set_signature_md(ctx, EVP_sha256()) == 1
        && EVP_PKEY_verify(ctx,
               reinterpret_cast<const unsigned char*>(sig.constData()),
               size_t(sig.size()),
               reinterpret_cast<const unsigned char*>(digest.constData()),
               size_t(digest.size()))
            == 1;
    EVP_PKEY_CTX_free(ctx);
    return ok;
}

const QByteArray kSha256Info = QByteArray::fromHex("3031300d060960864801650304020105000420");
const QByteArray kSha1Info = QByteArray::fromHex("3021300906052b0e03021a05000414");

QByteArray encode(int k, const QByteArray& t)
{
    return QByteArray("\x00\x01", 2) + QByteArray(k - int(t.size()) - 3, char(0xFF)) + QByteArray(1, '\0') + t;
}

QByteArray modulusBytes(EVP_PKEY* key)
{
    BIGNUM* n = nullptr;
    EVP_PKEY_get_bn_param(key, "n", &n);
    QByteArray out(BN_num_bytes(n), Qt::Uninitialized);
    BN_bn2bin(n, reinterpret_cast<unsigned char*>(out.data()));
    BN_free(n);
    return out;
}

struct Case
{
    const char* what;
    QByteArray signature;
    QByteArray digest;
    bool sha1 = false;
    bool valid = false;
};

// Every way a recovered block or a signature can be wrong, next to the right ones.
QList<Case> casesFor(EVP_PKEY* key)
{
    const int k = EVP_PKEY_get_size(key);
    const QByteArray h256 =
        QCryptographicHash::hash(QByteArray(QByteArray::number(k) + "message"), QCryptographicHash::Sha256);
    const QByteArray h1 = QCryptographicHash::hash("message", QCryptographicHash::Sha1);
    const QByteArray good = rawSign(key, encode(k, kSha256Info + h256));
    QList<Case> cases;
    cases.append({ "good SHA-256", good, h256, false, true });
    cases.append({ "good SHA-1", rawSign(key, encode(k, kSha1Info + h1)), h1, true, true });
    cases.append({ "SHA-1 block checked as SHA-256", rawSign(key, encode(k, kSha1Info + h1)), h256, false, false });
    QByteArray otherDigest = h256;
    otherDigest[31] = char(otherDigest[31] ^ 0x01);
    cases.append({ "other digest", good, otherDigest, false, false });
    for (int at : { 0, 1, k / 2, k - 1 }) {
        QByteArray s = good;
        s[at] = char(s[at] ^ 0x10);
        cases.append({ "one signature byte changed", s, h256, false, false });
    }
    cases.append({ "one byte short", good.mid(1), h256, false, false });
    cases.append({ "one byte long", QByteArray(1, '\0') + good, h256, false, false });
    cases.append({ "empty", QByteArray(), h256, false, false });
    cases.append({ "zero", QByteArray(k, '\0'), h256, false, false });
    cases.append({ "one", QByteArray(k - 1, '\0') + QByteArray(1, '\1'), h256, false, false });
    const QByteArray n = modulusBytes(key);
    cases.append({ "the modulus itself", n, h256, false, false });
    cases.append({ "all ones", QByteArray(k, char(0xFF)), h256, false, false });

    const QByteArray t = kSha256Info + h256;
    QByteArray em = encode(k, t);
    em[1] = 0x02;
    cases.append({ "block type 2", rawSign(key, em), h256, false, false });
    em = encode(k, t);
    em[5] = char(0xFE);
    cases.append({ "a padding byte not FF", rawSign(key, em), h256, false, false });
    // The digest moved left, with garbage after it (Bleichenbacher 2006): a parser that stops at the digest takes it.
    em = encode(k, t + QByteArray(8, 'G'));
    cases.append({ "garbage after the digest", rawSign(key, em), h256, false, false });
    // DigestInfo without the NULL parameters: a valid DER alternative that RFC 8017 lets verifiers refuse, and
    // OpenSSL's RSA_verify does.
    const QByteArray noNull =
        QByteArray::fromHex("302f300b0609608648016503040201") + QByteArray::fromHex("0420") + h256;
    cases.append({ "DigestInfo without NULL", rawSign(key, encode(k, noNull)), h256, false, false });
    // Fewer than 8 padding bytes: the zero separator comes early and the rest is hidden in the "digest info".
    em = QByteArray("\x00\x01", 2) + QByteArray(7, char(0xFF)) + QByteArray(1, '\0');
    em += QByteArray(k - em.size() - t.size(), 'x') + t;
    cases.append({ "padding shorter than 8 bytes", rawSign(key, em), h256, false, false });
    em = encode(k, t);
    em[0] = 0x01;
    em[1] = 0x00;
    cases.append({ "leading bytes swapped", rawSign(key, em), h256, false, false });
    return cases;
}

} // namespace

class TestCryptoPkcs1 final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // Every public key and certificate the vectors publish (both channels' real key shapes) parses, and a
    // signature by another key never verifies under it.
    void everyVectorKeyLoads()
    {
        const QByteArray digest = QCryptographicHash::hash("message", QCryptographicHash::Sha256);
        const Pkey other = generate(2048, 65537);
        QVERIFY(other);
        const QByteArray foreign = rawSign(other.get(), encode(256, kSha256Info + digest));
        int keys = 0;
        for (const QString& channel : { u"alipay"_s, u"wechatpay"_s }) {
            const QDir dir(test::dataPath(u"vectors/"_s + channel + u"/keys"_s));
            for (const QString& file : dir.entryList(QDir::Files)) {
                QByteArray pem = test::readData(u"vectors/"_s + channel + u"/keys/"_s + file);
                if (pem.contains("PRIVATE KEY"))
                    continue;
                if (pem.contains("BEGIN CERTIFICATE")) {
                    auto cert = readCertificate(pem);
                    QVERIFY2(cert, qPrintable(file));
                    pem = cert->publicKeyPem;
                }
                const auto key = RsaPublicKey::fromPem(pem);
                QVERIFY2(key, qPrintable(file));
                QVERIFY2(!verifySha256Digest(*key, digest, foreign), qPrintable(file));
                ++keys;
            }
        }
        QVERIFY(keys >= 10);
    }

    // The published Alipay notification: its signature verifies, and only as published.
    void alipayVector()
    {
        const QJsonObject v = QJsonDocument::fromJson(test::readData(u"vectors/alipay/notify-verification.json"_s))
                                  .object()
                                  .value("vectors"_L1)
                                  .toArray()
                                  .at(0)
                                  .toObject();
        const QByteArray content = v.value("expected_sign_content"_L1).toString().toUtf8();
        const QByteArray sig =
            QByteArray::fromBase64(v.value("params"_L1).toObject().value("sign"_L1).toString().toLatin1());
        const auto key =
            RsaPublicKey::fromPem(test::readData(u"vectors/alipay/keys/nodejs-notify-alipay-public-key-v1.pem"_s));
        QVERIFY(key);
        const QByteArray digest = QCryptographicHash::hash(content, QCryptographicHash::Sha256);
        QVERIFY(verifySha256Digest(*key, digest, sig));
        QVERIFY(key->verifySha256(content, sig));
        QByteArray bad = sig;
        bad[100] = char(bad[100] ^ 0x01);
        QVERIFY(!verifySha256Digest(*key, digest, bad));
        QVERIFY(verifySha256Digest(*key, digest, sig)); // the kept context is right again after a refusal
    }

    void refusesEveryForgery_data()
    {
        QTest::addColumn<int>("bits");
        QTest::addColumn<qulonglong>("exponent");
        QTest::newRow("2048, 65537") << 2048 << qulonglong(65537);
        QTest::newRow("1024, 65537") << 1024 << qulonglong(65537);
        QTest::newRow("3072, 3") << 3072 << qulonglong(3);
        QTest::newRow("2056 bits (k not a word multiple), 17") << 2056 << qulonglong(17);
        QTest::newRow("4096, 65537") << 4096 << qulonglong(65537);
        QTest::newRow("768, 65537") << 768 << qulonglong(65537);
        QTest::newRow("2048, 33-bit exponent") << 2048 << qulonglong(0x100000001ULL);
    }
    void refusesEveryForgery()
    {
        QFETCH(int, bits);
        QFETCH(qulonglong, exponent);
        const Pkey key = generate(bits, static_cast<unsigned long>(exponent));
        QVERIFY(key);
        const RsaPublicKey pub = publicOf(key.get());
        QVERIFY(!pub.isNull());
        for (const Case& c : casesFor(key.get())) {
            const bool verdict =
                c.sha1 ? verifySha1Digest(pub, c.digest, c.signature) : verifySha256Digest(pub, c.digest, c.signature);
            QVERIFY2(verdict == c.valid, c.what);
        }
    }

    // Random signatures and random one-bit flips, good and bad in turn on one kept context: every verdict is the
    // one a fresh context gives.
    void keptContextMatchesAFreshOne()
    {
        const Pkey key = generate(2048, 65537);
        QVERIFY(key);
        const RsaPublicKey pub = publicOf(key.get());
        const int k = EVP_PKEY_get_size(key.get());
        QRandomGenerator rng(20261123);
        int accepted = 0;
        for (int i = 0; i < 200; ++i) {
            QByteArray digest(32, Qt::Uninitialized);
            rng.fillRange(reinterpret_cast<quint32*>(digest.data()), 8);
            QByteArray sig = rawSign(key.get(), encode(k, kSha256Info + digest));
            QVERIFY(!sig.isEmpty());
            if (i % 2) {
                const int bit = int(rng.bounded(k * 8));
                sig[bit / 8] = char(sig[bit / 8] ^ (1 << (bit % 8)));
            }
            const bool verdict = verifySha256Digest(pub, digest, sig);
            QCOMPARE(verdict, freshEvpVerify(key.get(), digest, sig));
            accepted += verdict ? 1 : 0;
        }
        QCOMPARE(accepted, 100);
    }
};

QTEST_GUILESS_MAIN(TestCryptoPkcs1)
#include "tst_crypto_pkcs1.moc"
