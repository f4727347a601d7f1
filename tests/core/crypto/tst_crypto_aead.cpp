#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include "core/crypto/Aead.h"
#include "core/crypto/Hash.h"
#include "core/crypto/Rsa.h"
#include "tests/support/TestSupport.h"

using namespace paydesk;
using namespace paydesk::crypto;
using namespace Qt::StringLiterals;

namespace {

QJsonArray vectors()
{
    return QJsonDocument::fromJson(test::readData(u"vectors/wechatpay/aead-aes-gcm.json"_s))
        .object()
        .value(u"vectors"_s)
        .toArray();
}

QByteArray utf8(const QJsonObject& o, const QString& key)
{
    return o.value(key).toString().toUtf8();
}

} // namespace

class TestCryptoAead final : public QObject
{
    Q_OBJECT

    // One change of tamperingFails_data()'s kind to a sealed message's nonce, AAD or ciphertext-and-tag.
    static void tamper(const QString& what, QByteArray& nonce, QByteArray& aad, QByteArray& ct)
    {
        if (what == u"tag"_s) {
            ct[ct.size() - 1] = char(ct.at(ct.size() - 1) ^ 0x01);
        } else if (what == u"ciphertext"_s) {
            ct[0] = char(ct.at(0) ^ 0x80);
        } else if (what == u"aad"_s) {
            aad = "refund";
        } else if (what == u"nonce"_s) {
            nonce[0] = 'v';
        } else if (what == u"truncated"_s) {
            ct.chop(1);
        } else {
            aad.clear();
        }
    }

private Q_SLOTS:
    void publishedVectors_data()
    {
        QTest::addColumn<QByteArray>("key");
        QTest::addColumn<QByteArray>("nonce");
        QTest::addColumn<QByteArray>("aad");
        QTest::addColumn<QByteArray>("ciphertext");
        QTest::addColumn<QByteArray>("plaintext");
        const QJsonArray all = vectors();
        QCOMPARE(all.size(), 3);
        for (const auto& v : all) {
            const QJsonObject o = v.toObject();
            QByteArray plaintext = utf8(o, u"plaintext"_s);
            if (o.contains(u"expected_plaintext_file"_s)) {
                plaintext = test::readData(u"vectors/wechatpay/"_s + o.value(u"expected_plaintext_file"_s).toString());
            }
            QTest::newRow(o.value(u"name"_s).toString().toUtf8().constData())
                << utf8(o, u"key"_s) << utf8(o, u"nonce"_s) << utf8(o, u"associated_data"_s)
                << QByteArray::fromBase64(utf8(o, u"ciphertext"_s)) << plaintext;
        }
    }
    void publishedVectors()
    {
        QFETCH(QByteArray, key);
        QFETCH(QByteArray, nonce);
        QFETCH(QByteArray, aad);
        QFETCH(QByteArray, ciphertext);
        QFETCH(QByteArray, plaintext);
        auto decrypted = aesGcmDecrypt(key, nonce, aad, ciphertext);
        QVERIFY2(decrypted.has_value(), qPrintable(decrypted ? QString() : decrypted.error().detail));
        QCOMPARE(*decrypted, plaintext);
        auto encrypted = aesGcmEncrypt(key, nonce, aad, plaintext);
        QVERIFY(encrypted.has_value());
        QCOMPARE(*encrypted, ciphertext);
    }

    void platformCertificateDownload()
    {
        const QJsonObject o = vectors().at(1).toObject();
        auto pem = aesGcmDecrypt(utf8(o, u"key"_s),
            utf8(o, u"nonce"_s),
            utf8(o, u"associated_data"_s),
            QByteArray::fromBase64(utf8(o, u"ciphertext"_s)));
        QVERIFY(pem.has_value());
        QCOMPARE(sha256(*pem).toHex(), utf8(o, u"expected_plaintext_sha256"_s));
        auto info = readCertificate(*pem);
        QVERIFY(info.has_value());
        QCOMPARE(info->serialHex, o.value(u"expected_cert_serial"_s).toString());
    }

    void publishedNegatives_data()
    {
        QTest::addColumn<QByteArray>("key");
        QTest::addColumn<QByteArray>("nonce");
        QTest::addColumn<QByteArray>("aad");
        QTest::addColumn<QByteArray>("ciphertext");
        int count = 0;
        for (const auto& v : vectors()) {
            const QJsonObject base = v.toObject();
            for (const auto& n : base.value(u"negative"_s).toArray()) {
                QJsonObject o = base;
                const QJsonObject change = n.toObject();
                for (auto it = change.begin(); it != change.end(); ++it) {
                    o.insert(it.key(), it.value());
                }
                QTest::newRow(
                    qPrintable(base.value(u"name"_s).toString().left(20) + u" #"_s + QString::number(++count)))
                    << utf8(o, u"key"_s) << utf8(o, u"nonce"_s) << utf8(o, u"associated_data"_s)
                    << QByteArray::fromBase64(utf8(o, u"ciphertext"_s));
            }
        }
        QCOMPARE(count, 4);
    }
    void publishedNegatives()
    {
        QFETCH(QByteArray, key);
        QFETCH(QByteArray, nonce);
        QFETCH(QByteArray, aad);
        QFETCH(QByteArray, ciphertext);
        auto decrypted = aesGcmDecrypt(key, nonce, aad, ciphertext);
        QVERIFY(!decrypted.has_value());
        QCOMPARE(decrypted.error().code, ErrorCode::DecryptFailed);
    }

    void tamperingFails_data()
    {
        QTest::addColumn<QString>("what");
        QTest::newRow("tag") << u"tag"_s;
        QTest::newRow("ciphertext") << u"ciphertext"_s;
        QTest::newRow("aad") << u"aad"_s;
        QTest::newRow("nonce") << u"nonce"_s;
        QTest::newRow("truncated") << u"truncated"_s;
        QTest::newRow("empty aad added") << u"aad-empty"_s;
    }
    void tamperingFails()
    {
        QFETCH(QString, what);
        const QByteArray key = "a7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb";
        QByteArray nonce = "uluk4a9R25RW";
        QByteArray aad = "transaction";
        QByteArray ct = *aesGcmEncrypt(key, nonce, aad, QByteArrayLiteral("{\"amount\":{\"total\":100}}"));
        tamper(what, nonce, aad, ct);
        auto decrypted = aesGcmDecrypt(key, nonce, aad, ct);
        QVERIFY(!decrypted.has_value());
        QCOMPARE(decrypted.error().code, ErrorCode::DecryptFailed);
    }

    void emptyPlaintextAndAad()
    {
        const QByteArray key(32, 'k');
        auto ct = aesGcmEncrypt(key, "123456789012", "", "");
        QVERIFY(ct.has_value());
        QCOMPARE(ct->size(), 16);
        auto pt = aesGcmDecrypt(key, "123456789012", "", *ct);
        QVERIFY(pt.has_value());
        QVERIFY(pt->isEmpty());
    }

    void badKeyLength()
    {
        auto r = aesGcmDecrypt(QByteArray(31, 'k'), "123456789012", "", QByteArray(32, 'x'));
        QVERIFY(!r.has_value());
        QCOMPARE(r.error().code, ErrorCode::KeyInvalid);
        QCOMPARE(aesGcmEncrypt(QByteArray(32, 'k'), "", "", "x").error().code, ErrorCode::InvalidArgument);
    }
};

QTEST_GUILESS_MAIN(TestCryptoAead)
#include "tst_crypto_aead.moc"
