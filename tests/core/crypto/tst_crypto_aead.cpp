#include "core/crypto/Aead.h"
#include "core/crypto/Hash.h"
#include "core/crypto/Rsa.h"
#include "tests/support/TestSupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <atomic>
#include <thread>
#include <vector>

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
        auto pem = aesGcmDecrypt(utf8(o, u"key"_s), utf8(o, u"nonce"_s), utf8(o, u"associated_data"_s),
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
                QTest::newRow(qPrintable(base.value(u"name"_s).toString().left(20) + u" #"_s + QString::number(++count)))
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

    // aesGcmDecryptKeptKey: the per-thread prepared key gives the plain path's results, twice (cold and warm).
    void keptKeyMatchesPlainPath()
    {
        for (const auto& v : vectors()) {
            const QJsonObject o = v.toObject();
            const QByteArray ct = QByteArray::fromBase64(utf8(o, u"ciphertext"_s));
            const auto plain = aesGcmDecrypt(utf8(o, u"key"_s), utf8(o, u"nonce"_s), utf8(o, u"associated_data"_s), ct);
            QVERIFY(plain);
            for (int round = 0; round < 2; ++round) {
                const auto kept = aesGcmDecryptKeptKey(utf8(o, u"key"_s), utf8(o, u"nonce"_s),
                                                       utf8(o, u"associated_data"_s), ct);
                QVERIFY2(kept, qPrintable(kept ? QString() : kept.error().detail));
                QCOMPARE(*kept, *plain);
            }
        }
    }

    // A different key is never served by another key's cached context: keys differing in one byte, a 16-byte key
    // that is the start of a cached 32-byte one, and back again.
    void keptKeyHonoursKeyChange()
    {
        const QByteArray keyA = "a7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb";
        QByteArray keyB = keyA;
        keyB[31] = 'c';
        const QByteArray keyShort = keyA.first(16);
        const QByteArray nonce = "uluk4a9R25RW";
        const QByteArray aad = "transaction";
        const QByteArray text = "{\"amount\":{\"total\":100}}";
        const QByteArray textB = "{\"amount\":{\"total\":200}}";
        const QByteArray textShort = "{\"amount\":{\"total\":300}}";
        const QByteArray ctA = *aesGcmEncrypt(keyA, nonce, aad, text);
        const QByteArray ctB = *aesGcmEncrypt(keyB, nonce, aad, textB);
        const QByteArray ctShort = *aesGcmEncrypt(keyShort, nonce, aad, textShort);
        forgetThreadAesGcmKeys();
        for (int round = 0; round < 3; ++round) {
            QCOMPARE(aesGcmDecryptKeptKey(keyA, nonce, aad, ctA).value_or("x"), text);
            QCOMPARE(aesGcmDecryptKeptKey(keyB, nonce, aad, ctB).value_or("x"), textB);
            QCOMPARE(aesGcmDecryptKeptKey(keyShort, nonce, aad, ctShort).value_or("x"), textShort);
            QCOMPARE(aesGcmDecryptKeptKey(keyB, nonce, aad, ctA).error().code, ErrorCode::DecryptFailed);
            QCOMPARE(aesGcmDecryptKeptKey(keyA, nonce, aad, ctB).error().code, ErrorCode::DecryptFailed);
            QCOMPARE(aesGcmDecryptKeptKey(keyShort, nonce, aad, ctA).error().code, ErrorCode::DecryptFailed);
            QCOMPARE(aesGcmDecryptKeptKey(keyA, nonce, aad, ctShort).error().code, ErrorCode::DecryptFailed);
        }
    }

    void keptKeyTamperingFails_data() { tamperingFails_data(); }
    // Every tampering refused through a warm cached context, and the context still right for the next message.
    void keptKeyTamperingFails()
    {
        QFETCH(QString, what);
        const QByteArray key = "a7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb";
        QByteArray nonce = "uluk4a9R25RW";
        QByteArray aad = "transaction";
        const QByteArray text = "{\"amount\":{\"total\":100}}";
        const QByteArray good = *aesGcmEncrypt(key, nonce, aad, text);
        QCOMPARE(aesGcmDecryptKeptKey(key, nonce, aad, good).value_or("x"), text); // warm
        QByteArray ct = good;
        const QByteArray goodNonce = nonce;
        const QByteArray goodAad = aad;
        tamper(what, nonce, aad, ct);
        for (int round = 0; round < 2; ++round) {
            auto decrypted = aesGcmDecryptKeptKey(key, nonce, aad, ct);
            QVERIFY(!decrypted.has_value());
            QCOMPARE(decrypted.error().code, ErrorCode::DecryptFailed);
            QCOMPARE(aesGcmDecryptKeptKey(key, goodNonce, goodAad, good).value_or("x"), text);
        }
    }

    // The nonce length may change from one call to the next on one cached context.
    void keptKeyNonceLengths()
    {
        const QByteArray key(32, 'k');
        for (const int length : {12, 16, 8, 12, 1, 60, 12}) {
            const QByteArray nonce(length, char('a' + length % 26));
            QByteArray text("nonce of ");
            text += QByteArray::number(length);
            QByteArray longer = nonce;
            longer += 'x';
            const QByteArray ct = *aesGcmEncrypt(key, nonce, "aad", text);
            QCOMPARE(aesGcmDecryptKeptKey(key, nonce, "aad", ct).value_or("x"), text);
            QCOMPARE(aesGcmDecryptKeptKey(key, longer, "aad", ct).error().code, ErrorCode::DecryptFailed);
        }
    }

    // More keys than the cache holds, in turn: evicted keys are set up again, never mixed up.
    void keptKeyEviction()
    {
        const auto message = [](int i) {
            QByteArray m("message ");
            m += QByteArray::number(i);
            return m;
        };
        QList<QByteArray> keys;
        QList<QByteArray> cts;
        for (int i = 0; i < 7; ++i) {
            keys.append(QByteArray(i % 3 == 0 ? 16 : i % 3 == 1 ? 24 : 32, char('A' + i)));
            cts.append(*aesGcmEncrypt(keys.last(), "123456789012", "", message(i)));
        }
        for (int round = 0; round < 3; ++round) {
            for (int i = 0; i < keys.size(); ++i) {
                QCOMPARE(aesGcmDecryptKeptKey(keys[i], "123456789012", "", cts[i]).value_or("x"),
                         message(i));
                QCOMPARE(aesGcmDecryptKeptKey(keys[(i + 1) % keys.size()], "123456789012", "", cts[i]).error().code,
                         ErrorCode::DecryptFailed);
            }
        }
    }

    // Each thread has its own contexts: several threads decrypting under two keys at once.
    void keptKeyPerThread()
    {
        const QByteArray keyA(32, 'a');
        const QByteArray keyB(32, 'b');
        const QByteArray ctA = *aesGcmEncrypt(keyA, "123456789012", "x", "under a");
        const QByteArray ctB = *aesGcmEncrypt(keyB, "123456789012", "x", "under b");
        std::atomic<int> failures{0};
        std::vector<std::thread> threads;
        for (int t = 0; t < 4; ++t) {
            threads.emplace_back([&, t] {
                for (int i = 0; i < 300; ++i) {
                    const bool a = (i + t) % 2 == 0;
                    const auto r = aesGcmDecryptKeptKey(a ? keyA : keyB, "123456789012", "x", a ? ctA : ctB);
                    if (!r || *r != (a ? "under a" : "under b"))
                        ++failures;
                    if (i % 100 == 99)
                        forgetThreadAesGcmKeys();
                }
            });
        }
        for (auto& th : threads)
            th.join();
        QCOMPARE(failures.load(), 0);
    }

    void keptKeyArguments()
    {
        QCOMPARE(aesGcmDecryptKeptKey(QByteArray(31, 'k'), "123456789012", "", QByteArray(32, 'x')).error().code,
                 ErrorCode::KeyInvalid);
        QCOMPARE(aesGcmDecryptKeptKey(QByteArray(32, 'k'), "", "", QByteArray(32, 'x')).error().code,
                 ErrorCode::InvalidArgument);
        QCOMPARE(aesGcmDecryptKeptKey(QByteArray(32, 'k'), "123456789012", "", QByteArray(15, 'x')).error().code,
                 ErrorCode::DecryptFailed);
        const QByteArray empty = *aesGcmEncrypt(QByteArray(32, 'k'), "123456789012", "", "");
        const auto r = aesGcmDecryptKeptKey(QByteArray(32, 'k'), "123456789012", "", empty);
        QVERIFY(r);
        QVERIFY(r->isEmpty());
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
