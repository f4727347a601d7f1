#include <atomic>

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>
#include <QThread>

#include "core/crypto/Rsa.h"
#include "tests/support/TestSupport.h"

using namespace paydesk;
using namespace paydesk::crypto;
using namespace Qt::StringLiterals;

namespace {

// go-test-private-key.pem converted to PKCS#1 ("RSA PRIVATE KEY") with `openssl rsa -traditional`.
const QByteArray kGoKeyPkcs1 = QByteArrayLiteral(R"(
-----BEGIN RSA PRIVATE KEY-----
MIIEpAIBAAKCAQEA2VCTd91fnUn73Xy9DLvt/V62TVxRTEEstVdeRaZ3B3leO0pl
dE806mXO4RwdHXagHQ4vGeZN0yqm++rDsGK+U3AH7kejyD2pXshNP9Cq5YwbptiL
Gtjcquw4HNxJQUOmDeJf2vg6byms9RUipiq4SzbJKqJFlUpbuIPDpSpWz10PYmyC
NeDGUUK65E5h2B834uxl1zNLYQCrkdBzb8oUxwYeP5a2DNxmjL5lsJML7DGr5zns
evnoqGRwTm9fxCGfy8wus7hwKz6clt3Whmmda7UAdb1c08hEQFVRbF14AR73xbnd
8N0obCWJPCbzMCtkaSef4FdEEgEXJiw0VAJT8wIDAQABAoIBAQDHO6w3lGl4lr+m
zBm2dwU16YNRYXXXZ1lJ2BPB31/5JjhSO17QR13IGBaXI2M+A+e/O6XLJO3sz4nQ
I+fM6np7nJZoyp1Jk96X2yOXggNr+AvR522A65lDytWXAA7ZGuA+knA3HKTWDWtY
NkxR85CKxGuh/qu0tztn6sWPw0VbTdCSF2pQW/HWmqi+UFc0pjNgTFZx8vmCEyVi
JD9mt6SrPQtFuuSRg7JxtMFax4pxxfnJ4RWSG2jxCP/wwBTHPTZK1jilUUxIHAlM
QhWhzmVTcQ1mQ+wNmXyQdqyunoP/8oBIhQ0doepk2g6MDAeGBdp9nbCDuP3QhvLz
xyNtI5+BAoGBAP2RrupRDJTtF2Z2pgGRrYjYC3AnzPwtmREWRO0E0T2R9VnSvdgJ
fZ3ZXbLMBcOG2iaySwpoIYxf4huM4oYQby5zi5LJ2VH43bpsaBw1l6NkAVmyOULF
iBOwLk4loFo9SO1+Hwl0kH+ovjP8tuk6IEO3dADaWRcjpEzTJ/7YibyxAoGBANtl
6pWphv8nwBlnq8uSjR9gxpUyMnesSVrSfY941PfZWdGwkOcYYgW1PSJsQot84E7K
Ki1oAP6dNB4TRTaFHE5faH3NBt88Ew9ctGc3J1SsRiXWeqIVudldISUrQIoLY2AL
FII5u//xR+z4kAwQz9VmusUkZA0FP2km0MbxBPPjAoGBAN22/JK1u6KcjNFy/URx
9KKrBZVTt9DoreZa6nm0tKB5d2bK9mRoKAZVgbBM5N1KlIUxcJvw4SS00if00D0Z
MZ4UOf5nsDYUvQu8rmu8EJM1ZljflWHlBk7wxgxeqg89dv7yQIEsAw0cpvMeDXFw
+bU8O5pjUXMCHy9tkpMrE4SBAoGAFQYHHKBKF1kvxz9v7un0K/WSEenlfCI+RT22
WnExty5UtQs+V2a2veVIHmxRVBx7QhGNSRyWO8/Elr0x/K90ru3ljWiAKBQRn386
qklWs35ummGbDr0WOgX6jx096fx9YU6ugGwX38a3JbYL15wkzkYxz4JVNAo0sVbO
2sFtwBECgYAeVrWgvFS0TjO65H1SKvkV6hOb7SX2t3tze1t0asSqeMxxQD36/NhS
uQl9m6aRGsWO0hGVb1SJyg3OYCnRv41jUQZr737WYWOfTyCxztl+bzuBV4e7LhI8
ulSIdILJyt+ppkW6GCARrDbgx41y3gQ2vvJgy5FruZxxITsctiSWZQ==
-----END RSA PRIVATE KEY-----
)");

// go-test-public-key.pem converted with `openssl rsa -pubin -RSAPublicKey_out`.
const QByteArray kGoPublicPkcs1 = QByteArrayLiteral(R"(
-----BEGIN RSA PUBLIC KEY-----
MIIBCgKCAQEA2VCTd91fnUn73Xy9DLvt/V62TVxRTEEstVdeRaZ3B3leO0pldE80
6mXO4RwdHXagHQ4vGeZN0yqm++rDsGK+U3AH7kejyD2pXshNP9Cq5YwbptiLGtjc
quw4HNxJQUOmDeJf2vg6byms9RUipiq4SzbJKqJFlUpbuIPDpSpWz10PYmyCNeDG
UUK65E5h2B834uxl1zNLYQCrkdBzb8oUxwYeP5a2DNxmjL5lsJML7DGr5znsevno
qGRwTm9fxCGfy8wus7hwKz6clt3Whmmda7UAdb1c08hEQFVRbF14AR73xbnd8N0o
bCWJPCbzMCtkaSef4FdEEgEXJiw0VAJT8wIDAQAB
-----END RSA PUBLIC KEY-----
)");

const QByteArray kGoSourceSignature = QByteArrayLiteral(
    "BKyAfU4iMCuvXMXS0Wzam3V/cnxZ+JaqigPM5OhljS2iOT95OO6Fsuml2JkFANJU9K6q9bLlDhPXuoVz+pp4hAm6pHU4ld815U4jsKu1RkyaII+1"
    "CYBUYC8TK0XtJ8FwUXXz8vZHh58rrAVN1XwNyv");

// The base64 body between the PEM armour lines, as Alipay's key tool prints it (one line).
QByteArray bareBase64(const QByteArray& pem)
{
    QByteArray out;
    for (const QByteArray& line : pem.split('\n')) {
        if (!line.startsWith("-----")) {
            out += line.trimmed();
        }
    }
    return out;
}

QJsonObject loadJson(const QString& relative)
{
    return QJsonDocument::fromJson(test::readData(relative)).object();
}

RsaPrivateKey privateKey(const QString& relative)
{
    auto key = RsaPrivateKey::fromPem(test::readData(relative));
    Q_ASSERT(key.has_value());
    return *key;
}

RsaPublicKey publicKey(const QString& relative)
{
    auto key = RsaPublicKey::fromPem(test::readData(relative));
    Q_ASSERT(key.has_value());
    return *key;
}

} // namespace

class TestCryptoRsa final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void wechatRequestSigning_data()
    {
        QTest::addColumn<QString>("keyFile");
        QTest::addColumn<QByteArray>("message");
        QTest::addColumn<QByteArray>("signature");
        const QJsonObject doc = loadJson(u"vectors/wechatpay/request-signing.json"_s);
        int count = 0;
        for (const QString& group : { u"request_vectors"_s, u"raw_signature_vectors"_s }) {
            for (const auto& v : doc.value(group).toArray()) {
                const QJsonObject o = v.toObject();
                QTest::newRow(qPrintable(o.value(u"name"_s).toString()))
                    << (u"vectors/wechatpay/keys/"_s + o.value(u"key_file"_s).toString())
                    << o.value(u"message"_s).toString().toUtf8()
                    << o.value(u"expected_signature"_s).toString().toLatin1();
                ++count;
            }
        }
        QCOMPARE(count, 5);
    }
    void wechatRequestSigning()
    {
        QFETCH(QString, keyFile);
        QFETCH(QByteArray, message);
        QFETCH(QByteArray, signature);
        const RsaPrivateKey key = privateKey(keyFile);
        auto sig = key.signSha256(message);
        QVERIFY(sig.has_value());
        QCOMPARE(sig->toBase64(), signature);
        // The public half derived from the private key verifies it; a changed message does not.
        auto pub = RsaPublicKey::fromPem(key.publicKeyPem());
        QVERIFY(pub.has_value());
        QVERIFY(pub->verifySha256(message, *sig));
        QVERIFY(!pub->verifySha256(QByteArray(message + ' '), *sig));
    }

    // verifySha256Parts hashes the parts as one message: every split of it verifies, and nothing else does.
    void verifyParts()
    {
        const RsaPrivateKey key = privateKey(u"vectors/wechatpay/keys/java-wechat_pay_private_key.pem"_s);
        const auto pub = RsaPublicKey::fromPem(key.publicKeyPem());
        QVERIFY(pub);
        const QByteArray message = "1624523846\nnonce-xyz\n{\"id\":\"EV-1\"}\n";
        const QByteArray sig = *key.signSha256(message);
        for (qsizetype a = 0; a <= message.size(); ++a) {
            for (qsizetype b = a; b <= message.size(); b += 7) {
                const QByteArrayView m(message);
                QVERIFY(pub->verifySha256Parts({ m.first(a), m.sliced(a, b - a), m.sliced(b) }, sig));
            }
        }
        QVERIFY(pub->verifySha256Parts({ message }, sig));
        QVERIFY(pub->verifySha256Parts({ QByteArrayView(), message, QByteArrayView() }, sig));
        const QByteArrayView m(message);
        QVERIFY(!pub->verifySha256Parts({ m.first(10), m.sliced(11) }, sig)); // a byte left out
        QVERIFY(!pub->verifySha256Parts({ m, "\n" }, sig)); // one added
        QVERIFY(!pub->verifySha256Parts({ m.sliced(1), m.first(1) }, sig)); // reordered
        QVERIFY(!pub->verifySha256Parts({ m }, QByteArrayView()));
        QVERIFY(!RsaPublicKey().verifySha256Parts({ m }, sig));
    }

    void wechatVerifyWithCertificates()
    {
        const QByteArray sig = QByteArray::fromBase64(loadJson(u"vectors/wechatpay/request-signing.json"_s)
                                                          .value(u"raw_signature_vectors"_s)
                                                          .toArray()
                                                          .at(0)
                                                          .toObject()
                                                          .value(u"expected_signature"_s)
                                                          .toString()
                                                          .toLatin1());
        for (const QString& f : { u"go-test-public-key.pem"_s,
                 u"go-test-cert-F5765756002FDD77.pem"_s,
                 u"go-test-cert-D7CE59D1F522D701.pem"_s }) {
            QVERIFY2(publicKey(u"vectors/wechatpay/keys/"_s + f).verifySha256("source", sig), qPrintable(f));
        }
        const QByteArray javaSig = QByteArray::fromBase64(loadJson(u"vectors/wechatpay/request-signing.json"_s)
                                                              .value(u"raw_signature_vectors"_s)
                                                              .toArray()
                                                              .at(1)
                                                              .toObject()
                                                              .value(u"expected_signature"_s)
                                                              .toString()
                                                              .toLatin1());
        QVERIFY(publicKey(u"vectors/wechatpay/keys/java-merchant_certificate.pem"_s).verifySha256("message", javaSig));
        QVERIFY(
            !publicKey(u"vectors/wechatpay/keys/java-wechat_pay_public_key.pem"_s).verifySha256("message", javaSig));
        QVERIFY(!publicKey(u"vectors/wechatpay/keys/go-test-public-key.pem"_s).verifySha256("message", javaSig));
        QVERIFY(!publicKey(u"vectors/wechatpay/keys/go-test-public-key.pem"_s).verifySha256("source", QByteArray()));
    }

    void alipaySigning_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("algorithm");
        QTest::addColumn<QByteArray>("signature");
        for (const auto& v : loadJson(u"vectors/alipay/request-signing.json"_s).value(u"vectors"_s).toArray()) {
            const QJsonObject o = v.toObject();
            QTest::newRow(qPrintable(o.value(u"name"_s).toString()))
                << o.value(u"expected_sign_content"_s).toString().toUtf8() << o.value(u"algorithm"_s).toString()
                << o.value(u"expected_sign"_s).toString().toLatin1();
        }
    }
    void alipaySigning()
    {
        QFETCH(QByteArray, content);
        QFETCH(QString, algorithm);
        QFETCH(QByteArray, signature);
        const RsaPrivateKey key = privateKey(u"vectors/alipay/keys/java-prodcert-app-private-key.pem"_s);
        const RsaPublicKey cert = publicKey(u"vectors/alipay/keys/java-prodcert-app-cert-2019091767145019.crt"_s);
        const bool sha1 = algorithm == u"RSA-SHA1"_s;
        auto sig = sha1 ? key.signSha1(content) : key.signSha256(content);
        QVERIFY(sig.has_value());
        QCOMPARE(sig->toBase64(), signature);
        QVERIFY(sha1 ? cert.verifySha1(content, *sig) : cert.verifySha256(content, *sig));
        // The wrong digest never verifies.
        QVERIFY(!(sha1 ? cert.verifySha256(content, *sig) : cert.verifySha1(content, *sig)));
    }

    void parsesEveryVectorKey_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<bool>("isPrivate");
        for (const QString& area : { u"wechatpay"_s, u"alipay"_s }) {
            const QDir dir(test::dataPath(u"vectors/"_s + area + u"/keys"_s));
            const QStringList files = dir.entryList(QDir::Files, QDir::Name);
            QVERIFY(!files.isEmpty());
            for (const QString& f : files) {
                const QString rel = u"vectors/"_s + area + u"/keys/"_s + f;
                QTest::newRow(qPrintable(rel)) << rel << test::readData(rel).contains("PRIVATE KEY");
            }
        }
    }
    void parsesEveryVectorKey()
    {
        QFETCH(QString, file);
        QFETCH(bool, isPrivate);
        const QByteArray pem = test::readData(file);
        if (isPrivate) {
            auto key = RsaPrivateKey::fromPem(pem);
            QVERIFY(key.has_value());
            QVERIFY(!key->isNull());
            // Round trip through PKCS#8 and through the bare base64 body.
            auto again = RsaPrivateKey::fromPem(key->toPkcs8Pem());
            QVERIFY(again.has_value());
            QCOMPARE(again->publicKeyPem(), key->publicKeyPem());
            auto bare = RsaPrivateKey::fromPem(bareBase64(pem));
            QVERIFY(bare.has_value());
            QCOMPARE(bare->publicKeyPem(), key->publicKeyPem());
            QVERIFY(!RsaPublicKey::fromPem(pem).has_value());
        } else {
            auto key = RsaPublicKey::fromPem(pem);
            QVERIFY(key.has_value());
            QVERIFY(key->toPem().startsWith("-----BEGIN PUBLIC KEY-----"));
            if (pem.contains("BEGIN PUBLIC KEY")) {
                auto bare = RsaPublicKey::fromPem(bareBase64(pem));
                QVERIFY(bare.has_value());
                QCOMPARE(bare->toPem(), key->toPem());
            }
            QVERIFY(!RsaPrivateKey::fromPem(pem).has_value());
        }
    }

    void pkcs1Forms()
    {
        const QByteArray sig = QByteArray::fromBase64(loadJson(u"vectors/wechatpay/request-signing.json"_s)
                                                          .value(u"raw_signature_vectors"_s)
                                                          .toArray()
                                                          .at(0)
                                                          .toObject()
                                                          .value(u"expected_signature"_s)
                                                          .toString()
                                                          .toLatin1());
        QVERIFY(sig.toBase64().startsWith(kGoSourceSignature));
        for (const QByteArray& form : { kGoKeyPkcs1, bareBase64(kGoKeyPkcs1) }) {
            auto key = RsaPrivateKey::fromPem(form);
            QVERIFY(key.has_value());
            QCOMPARE(*key->signSha256("source"), sig);
            QVERIFY(key->toPkcs8Pem().startsWith("-----BEGIN PRIVATE KEY-----"));
        }
        auto pub = RsaPublicKey::fromPem(kGoPublicPkcs1);
        QVERIFY(pub.has_value());
        QVERIFY(pub->verifySha256("source", sig));
        QCOMPARE(pub->toPem(), test::readData(u"vectors/wechatpay/keys/go-test-public-key.pem"_s));
    }

    void rejectsGarbage_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("text") << QByteArray("hello world");
        QTest::newRow("bad base64") << QByteArray("MIIE*vgIBADAN");
        QTest::newRow("truncated pem") << test::readData(u"vectors/wechatpay/keys/go-test-private-key.pem"_s).left(300);
    }
    void rejectsGarbage()
    {
        QFETCH(QByteArray, input);
        auto priv = RsaPrivateKey::fromPem(input);
        QVERIFY(!priv.has_value());
        QCOMPARE(priv.error().code, ErrorCode::KeyInvalid);
        QVERIFY(!RsaPublicKey::fromPem(input).has_value());
        QVERIFY(RsaPublicKey().isNull());
        QVERIFY(!RsaPublicKey().verifySha256("x", "y"));
        QCOMPARE(RsaPrivateKey().signSha256("x").error().code, ErrorCode::KeyInvalid);
    }

    void certificateSerials_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("serial");
        QTest::newRow("go F576") << u"vectors/wechatpay/keys/go-test-cert-F5765756002FDD77.pem"_s
                                 << u"F5765756002FDD77"_s;
        QTest::newRow("go D7CE") << u"vectors/wechatpay/keys/go-test-cert-D7CE59D1F522D701.pem"_s
                                 << u"D7CE59D1F522D701"_s;
        QTest::newRow("java merchant") << u"vectors/wechatpay/keys/java-merchant_certificate.pem"_s
                                       << u"5F1C72E2A8931B72A2E13AF8DEE92471EB397115"_s;
        QTest::newRow("java platform") << u"vectors/wechatpay/keys/java-wechat_pay_certificate.pem"_s
                                       << u"440024045C4A427599D09BB4E3DE0279F2E813FD"_s;
        QTest::newRow("java decrypted") << u"vectors/wechatpay/keys/java-decrypted-platform-cert-5DEA10EF.pem"_s
                                        << u"5DEA10EF55877E3CF6C33255C2E7DEFFF7E427EC"_s;
    }
    void certificateSerials()
    {
        QFETCH(QString, file);
        QFETCH(QString, serial);
        auto info = readCertificate(test::readData(file));
        QVERIFY(info.has_value());
        QCOMPARE(info->serialHex, serial);
        QVERIFY(info->notBeforeSecs > 0);
        QVERIFY(info->notAfterSecs > info->notBeforeSecs);
        QCOMPARE(info->publicKeyPem, RsaPublicKey::fromPem(test::readData(file))->toPem());
    }

    void alipayCertificateReadable()
    {
        auto info =
            readCertificate(test::readData(u"vectors/alipay/keys/java-prodcert-app-cert-2019091767145019.crt"_s));
        QVERIFY(info.has_value());
        QVERIFY(!info->serialHex.isEmpty());
        QVERIFY(!readCertificate("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n").has_value());
    }

    void selfSignedRoundTrip()
    {
        const RsaPrivateKey key = privateKey(u"vectors/wechatpay/keys/wxdoc-test-merchant-private-key.pem"_s);
        const qint64 notBefore = 1700000000;
        auto pem = makeSelfSignedCertificate(
            key, u"408B07E79B8269FEC3D5D3E6AB8ED163A6A380DB"_s, u"PayDesk 模拟平台"_s, notBefore, 365);
        QVERIFY(pem.has_value());
        auto info = readCertificate(*pem);
        QVERIFY(info.has_value());
        QCOMPARE(info->serialHex, u"408B07E79B8269FEC3D5D3E6AB8ED163A6A380DB"_s);
        QCOMPARE(info->notBeforeSecs, notBefore);
        QCOMPARE(info->notAfterSecs, notBefore + 365LL * 86400);
        QCOMPARE(info->publicKeyPem, key.publicKeyPem());
        auto pub = RsaPublicKey::fromPem(*pem);
        QVERIFY(pub.has_value());
        QVERIFY(pub->verifySha256("abc", *key.signSha256("abc")));
        QVERIFY(!makeSelfSignedCertificate(key, u"XYZ"_s, u"cn"_s, notBefore, 1).has_value());
        QVERIFY(!makeSelfSignedCertificate(RsaPrivateKey(), u"01"_s, u"cn"_s, notBefore, 1).has_value());
    }

    void generatedKeysWork()
    {
        auto key = RsaPrivateKey::generate();
        QVERIFY(key.has_value());
        auto pub = RsaPublicKey::fromPem(key->publicKeyPem());
        QVERIFY(pub->verifySha256("data", *key->signSha256("data")));
        QVERIFY(!RsaPrivateKey::generate(1024).has_value());
    }

    // One parsed key shared by several threads: every signature must come out right.
    void concurrentSigning()
    {
        const RsaPrivateKey key = privateKey(u"vectors/wechatpay/keys/go-test-private-key.pem"_s);
        const RsaPublicKey pub = publicKey(u"vectors/wechatpay/keys/go-test-public-key.pem"_s);
        std::atomic<int> failures { 0 };
        QList<QThread*> threads;
        for (int t = 0; t < 4; ++t) {
            threads.append(QThread::create([&key, &pub, &failures, t] {
                for (int i = 0; i < 25; ++i) {
                    const QByteArray msg = QByteArray::number(t) + ':' + QByteArray::number(i);
                    auto sig = key.signSha256(msg);
                    if (!sig || !pub.verifySha256(msg, *sig)) {
                        ++failures;
                    }
                }
            }));
        }
        for (QThread* th : threads) {
            th->start();
        }
        for (QThread* th : threads) {
            th->wait();
            delete th;
        }
        QCOMPARE(failures.load(), 0);
    }
};

QTEST_GUILESS_MAIN(TestCryptoRsa)
#include "tst_crypto_rsa.moc"
