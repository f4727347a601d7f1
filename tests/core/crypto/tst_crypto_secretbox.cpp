#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include "core/crypto/Random.h"
#include "core/crypto/SecretBox.h"

using namespace paydesk;
using namespace paydesk::crypto;
using namespace Qt::StringLiterals;

class TestCryptoSecretBox final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void roundTrip()
    {
        const SecretBox box(SecureBytes(randomBytes(32)));
        const QByteArray secret = "-----BEGIN PRIVATE KEY-----\nMIIE...\n";
        auto sealed = box.seal(secret, "wechatpay.merchant_key");
        QVERIFY(sealed.has_value());
        QVERIFY(sealed->startsWith(u"v1:"_s));
        QVERIFY(!sealed->contains(u"PRIVATE"_s));
        auto opened = box.open(*sealed, "wechatpay.merchant_key");
        QVERIFY(opened.has_value());
        QCOMPARE(opened->bytes(), secret);
        // Random nonce: sealing twice gives different text.
        QVERIFY(*box.seal(secret, "wechatpay.merchant_key") != *sealed);
    }

    void wrongPurposeFails()
    {
        const SecretBox box(SecureBytes(randomBytes(32)));
        const QString sealed = *box.seal("apiv3-key", "wechatpay.apiv3_key");
        auto opened = box.open(sealed, "alipay.app_key");
        QVERIFY(!opened.has_value());
        QCOMPARE(opened.error().code, ErrorCode::DecryptFailed);
    }

    void wrongMasterKeyFails()
    {
        const QString sealed = *SecretBox(SecureBytes(randomBytes(32))).seal("x", "p");
        QCOMPARE(SecretBox(SecureBytes(randomBytes(32))).open(sealed, "p").error().code, ErrorCode::DecryptFailed);
    }

    void tamperingFails_data()
    {
        QTest::addColumn<int>("index");
        QTest::newRow("nonce byte") << 0;
        QTest::newRow("ciphertext byte") << 13;
        QTest::newRow("tag byte") << -1;
    }
    void tamperingFails()
    {
        QFETCH(int, index);
        const SecretBox box(SecureBytes(randomBytes(32)));
        const QString sealed = *box.seal("the secret", "purpose");
        QByteArray raw = QByteArray::fromBase64(sealed.mid(3).toLatin1());
        const int i = index < 0 ? int(raw.size()) - 1 : index;
        raw[i] = char(raw.at(i) ^ 0x01);
        auto opened = box.open(u"v1:"_s + QString::fromLatin1(raw.toBase64()), "purpose");
        QVERIFY(!opened.has_value());
        QCOMPARE(opened.error().code, ErrorCode::DecryptFailed);
    }

    void malformedInput_data()
    {
        QTest::addColumn<QString>("sealed");
        QTest::newRow("no version") << u"AAAA"_s;
        QTest::newRow("v2") << u"v2:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"_s;
        QTest::newRow("bad base64") << u"v1:@@@@"_s;
        QTest::newRow("too short") << u"v1:AAAA"_s;
    }
    void malformedInput()
    {
        QFETCH(QString, sealed);
        const SecretBox box(SecureBytes(randomBytes(32)));
        QCOMPARE(box.open(sealed, "p").error().code, ErrorCode::MalformedInput);
    }

    void shortMasterKeyRefused()
    {
        const SecretBox box(SecureBytes(QByteArray(16, 'k')));
        QCOMPARE(box.seal("x", "p").error().code, ErrorCode::KeyInvalid);
    }

    void derivedKeys()
    {
        // Known answer: HMAC-SHA256(00 01 .. 1f, "paydesk audit chain v1").
        QByteArray master(32, Qt::Uninitialized);
        for (int i = 0; i < 32; ++i)
            master[i] = char(i);
        const SecretBox box { SecureBytes(master) };
        auto audit = box.deriveKey("paydesk audit chain v1");
        QVERIFY(audit.has_value());
        QCOMPARE(
            audit->bytes().toHex(), QByteArray("6581b1cac3d718cb0f99c9c05fe78baa1c7bba85638f36aac1729dd33c2d2ef3"));
        QVERIFY(box.deriveKey("another purpose v1")->bytes() != audit->bytes());
        QCOMPARE(SecretBox(SecureBytes(QByteArray(16, 'k'))).deriveKey("x").error().code, ErrorCode::KeyInvalid);
        QCOMPARE(SecretBox(SecureBytes()).deriveKey("x").error().code, ErrorCode::KeyInvalid);
    }

    void keyFiles()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(u"master.key"_s);
        auto created = SecretBox::createKeyFile(path);
        QVERIFY(created.has_value());
        QCOMPARE(
            QFile::permissions(path) & (QFile::ReadGroup | QFile::ReadOther | QFile::WriteGroup), QFile::Permissions());
        QCOMPARE(SecretBox::createKeyFile(path).error().code, ErrorCode::AlreadyExists);
        const QString sealed = *created->seal("secret", "p");
        auto loaded = SecretBox::fromKeyFile(path);
        QVERIFY(loaded.has_value());
        QCOMPARE(loaded->open(sealed, "p")->bytes(), QByteArray("secret"));

        const QByteArray key = randomBytes(32);
        const QString sealedWithKey = *SecretBox(SecureBytes(key)).seal("v", "p");
        const QList<QByteArray> forms = { key, key.toHex() + "\n", "  " + key.toBase64() + "\r\n" };
        for (const QByteArray& form : forms) {
            QFile f(dir.filePath(u"k"_s));
            QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
            f.write(form);
            f.close();
            auto box = SecretBox::fromKeyFile(f.fileName());
            QVERIFY(box.has_value());
            QCOMPARE(box->open(sealedWithKey, "p")->bytes(), QByteArray("v"));
        }
        QFile bad(dir.filePath(u"bad"_s));
        QVERIFY(bad.open(QIODevice::WriteOnly));
        bad.write("not a key");
        bad.close();
        QCOMPARE(SecretBox::fromKeyFile(bad.fileName()).error().code, ErrorCode::KeyInvalid);
        QCOMPARE(SecretBox::fromKeyFile(dir.filePath(u"missing"_s)).error().code, ErrorCode::NotFound);
    }

    void secureBytesCopiesAreIndependent()
    {
        SecureBytes a(QByteArray("secret"));
        SecureBytes b = a;
        a.clear();
        QVERIFY(a.isEmpty());
        QCOMPARE(b.bytes(), QByteArray("secret"));
        SecureBytes c = std::move(b);
        QCOMPARE(c.bytes(), QByteArray("secret"));
    }
};

QTEST_GUILESS_MAIN(TestCryptoSecretBox)
#include "tst_crypto_secretbox.moc"
