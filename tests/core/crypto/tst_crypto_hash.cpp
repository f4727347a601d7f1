#include <QRegularExpression>
#include <QTest>

#include "core/crypto/Hash.h"
#include "core/crypto/Random.h"

using namespace paydesk::crypto;
using namespace Qt::StringLiterals;

class TestCryptoHash final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void sha1KnownAnswers_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QByteArray>("hex");
        QTest::newRow("empty") << QByteArray() << QByteArray("da39a3ee5e6b4b0d3255bfef95601890afd80709");
        QTest::newRow("abc") << QByteArray("abc") << QByteArray("a9993e364706816aba3e25717850c26c9cd0d89d");
        QTest::newRow("fips 448 bits") << QByteArray("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
                                       << QByteArray("84983e441c3bd26ebaae4aa1f95129e5e54670f1");
    }
    void sha1KnownAnswers()
    {
        QFETCH(QByteArray, input);
        QFETCH(QByteArray, hex);
        QCOMPARE(sha1(input).toHex(), hex);
    }

    void sha256KnownAnswers_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QByteArray>("hex");
        QTest::newRow("empty") << QByteArray()
                               << QByteArray("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        QTest::newRow("abc") << QByteArray("abc")
                             << QByteArray("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        QTest::newRow("fips 448 bits") << QByteArray("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
                                       << QByteArray(
                                              "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    }
    void sha256KnownAnswers()
    {
        QFETCH(QByteArray, input);
        QFETCH(QByteArray, hex);
        QCOMPARE(sha256(input).toHex(), hex);
    }

    // RFC 4231 test cases 1 and 2 (and 6, a key longer than the block size).
    void hmacSha256Rfc4231_data()
    {
        QTest::addColumn<QByteArray>("key");
        QTest::addColumn<QByteArray>("data");
        QTest::addColumn<QByteArray>("hex");
        QTest::newRow("case 1") << QByteArray(20, '\x0b') << QByteArray("Hi There")
                                << QByteArray("b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
        QTest::newRow("case 2") << QByteArray("Jefe") << QByteArray("what do ya want for nothing?")
                                << QByteArray("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
        QTest::newRow("case 6") << QByteArray(131, '\xaa')
                                << QByteArray("Test Using Larger Than Block-Size Key - Hash Key First")
                                << QByteArray("60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
    }
    void hmacSha256Rfc4231()
    {
        QFETCH(QByteArray, key);
        QFETCH(QByteArray, data);
        QFETCH(QByteArray, hex);
        QCOMPARE(hmacSha256(key, data).toHex(), hex);
    }

    void constantTimeEqualsCompares()
    {
        QVERIFY(constantTimeEquals("abc", "abc"));
        QVERIFY(constantTimeEquals("", ""));
        QVERIFY(!constantTimeEquals("abc", "abd"));
        QVERIFY(!constantTimeEquals("abc", "abcd"));
        QVERIFY(!constantTimeEquals("", "a"));
    }

    void randomShapes()
    {
        QCOMPARE(randomBytes(32).size(), 32);
        QVERIFY(randomBytes(32) != randomBytes(32));
        QVERIFY(randomBytes(0).isEmpty());
        const QString alnum = randomAlnum(32);
        QCOMPARE(alnum.size(), 32);
        QVERIFY(QRegularExpression(u"^[0-9A-Za-z]{32}$"_s).match(alnum).hasMatch());
        const QString hex = randomHex(31);
        QCOMPARE(hex.size(), 31);
        QVERIFY(QRegularExpression(u"^[0-9A-F]{31}$"_s).match(hex).hasMatch());
    }
};

QTEST_GUILESS_MAIN(TestCryptoHash)
#include "tst_crypto_hash.moc"
