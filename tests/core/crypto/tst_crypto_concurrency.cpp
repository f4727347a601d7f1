// The prepared per-key contexts (Rsa.cpp) under concurrency: one parsed public key shared by several threads,
// each verifying good and tampered signatures in both digests; the verdicts never mix between threads.
#include <atomic>

#include <QCryptographicHash>
#include <QTest>
#include <QThread>

#include "core/crypto/Rsa.h"
#include "core/crypto/RsaDigest.h"
#include "tests/support/TestSupport.h"

using namespace paydesk;
using namespace paydesk::crypto;
using namespace Qt::StringLiterals;

class TestCryptoConcurrency final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sharedKeyVerifiesRightUnderThreads()
    {
        auto key = RsaPrivateKey::fromPem(test::readData(u"vectors/wechatpay/keys/go-test-private-key.pem"_s));
        auto pub = RsaPublicKey::fromPem(test::readData(u"vectors/wechatpay/keys/go-test-public-key.pem"_s));
        QVERIFY(key && pub);
        const QByteArray msg = "timestamp\nnonce\n{\"id\":\"EV-1\"}\n";
        const QByteArray sig256 = *key->signSha256(msg);
        const QByteArray sig1 = *key->signSha1(msg);
        QByteArray tampered = sig256;
        tampered[10] = char(tampered[10] ^ 0x01);
        const QByteArray digest = QCryptographicHash::hash(msg, QCryptographicHash::Sha256);

        // The digest path agrees with the message path, and rejects a wrong length or a wrong digest.
        QVERIFY(verifySha256Digest(*pub, digest, sig256));
        QVERIFY(!verifySha256Digest(*pub, digest.left(31), sig256));
        QVERIFY(!verifySha256Digest(*pub, QCryptographicHash::hash("other", QCryptographicHash::Sha256), sig256));
        // A SHA-1 signature is not a SHA-256 one (the DigestInfo names the algorithm), and vice versa.
        QVERIFY(!pub->verifySha256(msg, sig1));
        QVERIFY(!pub->verifySha1(msg, sig256));

        std::atomic<int> wrong { 0 };
        QList<QThread*> threads;
        for (int t = 0; t < 6; ++t) {
            threads.append(QThread::create([&, t] {
                for (int i = 0; i < 300; ++i) {
                    const bool ok = (i + t) % 3 == 0 ? pub->verifySha256(msg, sig256)
                        : (i + t) % 3 == 1           ? pub->verifySha1(msg, sig1)
                                                     : !pub->verifySha256(msg, tampered);
                    if (!ok || pub->verifySha256(QByteArray(msg + 'x'), sig256)
                        || !verifySha256Digest(*pub, digest, sig256))
                        ++wrong;
                }
            }));
        }
        for (QThread* th : threads)
            th->start();
        for (QThread* th : threads) {
            th->wait();
            delete th;
        }
        QCOMPARE(wrong.load(), 0);
    }

    void copiesOfAKeyOutliveTheOriginal()
    {
        auto key = RsaPrivateKey::generate(2048);
        QVERIFY(key);
        RsaPublicKey copy;
        {
            auto pub = RsaPublicKey::fromPem(key->publicKeyPem());
            QVERIFY(pub);
            copy = *pub;
        }
        QVERIFY(copy.verifySha256("m", *key->signSha256("m")));
        QVERIFY(!RsaPublicKey().verifySha256("m", *key->signSha256("m")));
    }
};

QTEST_GUILESS_MAIN(TestCryptoConcurrency)
#include "tst_crypto_concurrency.moc"
