// Request signing: the Java SDK RSACheckTest vectors (RSA2, legacy RSA, UTF-8 Chinese) and negative cases.

#include <QJsonArray>

#include "core/channels/alipay/SignContent.h"
#include "core/util/Base64.h"
#include "tests/core/channels/alipay/AlipayTestSupport.h"

using namespace paydesk;
using namespace paydesk::alipay;
using namespace paydesk::test::alipay;
using namespace Qt::StringLiterals;

namespace {

QMap<QString, QString> toParams(const QJsonObject& o)
{
    QMap<QString, QString> p;
    for (auto it = o.begin(); it != o.end(); ++it)
        p.insert(it.key(), it.value().toString());
    return p;
}

} // namespace

class TestAlipaySign final : public QObject
{
    Q_OBJECT
private:
    crypto::RsaPrivateKey m_key;
    crypto::RsaPublicKey m_cert;

private Q_SLOTS:
    void initTestCase()
    {
        m_key = appPrivateKey();
        m_cert = publicKeyFile(u"java-prodcert-app-cert-2019091767145019.crt"_s);
    }

    void vectors_data()
    {
        QTest::addColumn<QJsonObject>("params");
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("algorithm");
        QTest::addColumn<QByteArray>("sign");
        const QJsonArray vs = readJson(u"vectors/alipay/request-signing.json"_s).value("vectors"_L1).toArray();
        QCOMPARE(vs.size(), 3);
        for (const QJsonValue& v : vs) {
            const QJsonObject o = v.toObject();
            QTest::newRow(o.value("name"_L1).toString().toUtf8().constData())
                << o.value("params"_L1).toObject() << o.value("expected_sign_content"_L1).toString().toUtf8()
                << o.value("algorithm"_L1).toString() << o.value("expected_sign"_L1).toString().toLatin1();
        }
    }
    void vectors()
    {
        QFETCH(QJsonObject, params);
        QFETCH(QByteArray, content);
        QFETCH(QString, algorithm);
        QFETCH(QByteArray, sign);
        QMap<QString, QString> p = toParams(params);
        // sign itself never takes part, and an empty value is dropped.
        p.insert(u"sign"_s, u"whatever"_s);
        p.insert(u"empty"_s, QString());
        QCOMPARE(signContent(p, SignRule::Request), content);
        const bool sha1 = algorithm == u"RSA-SHA1";
        const auto produced = sha1 ? signRsa1(m_key, content) : signRsa2(m_key, content);
        QVERIFY(produced);
        QCOMPARE(*produced, sign); // PKCS#1 v1.5 is deterministic: byte-exact known answer
        QVERIFY(sha1 ? verifyRsa1(m_cert, content, sign) : verifyRsa2(m_cert, content, sign));
        // The other hash must not accept it.
        QVERIFY(!(sha1 ? verifyRsa2(m_cert, content, sign) : verifyRsa1(m_cert, content, sign)));

        // One byte changed in a value.
        QByteArray tampered = content;
        tampered[tampered.indexOf("2019090366875133") + 3] = '8';
        QVERIFY(!(sha1 ? verifyRsa1(m_cert, tampered, sign) : verifyRsa2(m_cert, tampered, sign)));
        // One byte changed in the signature (a base64 digit in the middle).
        QByteArray badSign = sign;
        badSign[40] = badSign[40] == 'A' ? 'B' : 'A';
        QVERIFY(!(sha1 ? verifyRsa1(m_cert, content, badSign) : verifyRsa2(m_cert, content, badSign)));
        // The wrong key.
        const auto other = publicOf(generatedKey(0));
        QVERIFY(!(sha1 ? verifyRsa1(other, content, sign) : verifyRsa2(other, content, sign)));
        // Dropping sign_type (the V1 rule) is not what a request is signed over.
        QVERIFY(signContent(p, SignRule::NotifyV1) != content);
        QVERIFY(!(sha1 ? verifyRsa1(m_cert, signContent(p, SignRule::NotifyV1), sign)
                       : verifyRsa2(m_cert, signContent(p, SignRule::NotifyV1), sign)));
    }

    void contentRules()
    {
        const QMap<QString, QString> p { { u"b"_s, u"2"_s },
            { u"a"_s, u"1 +%&="_s },
            { u"sign"_s, u"x"_s },
            { u"sign_type"_s, u"RSA2"_s },
            { u"c"_s, QString() },
            { u"biz_content"_s, u"{\"k\":\"中\"}"_s } };
        // Sorted, raw (no URL-encoding), UTF-8, empty dropped, sign dropped, sign_type kept for requests only.
        QCOMPARE(
            signContent(p, SignRule::Request), "a=1 +%&=&b=2&biz_content={\"k\":\"\xe4\xb8\xad\"}&sign_type=RSA2"_ba);
        QCOMPARE(signContent(p, SignRule::NotifyV1), "a=1 +%&=&b=2&biz_content={\"k\":\"\xe4\xb8\xad\"}"_ba);
        QCOMPARE(signContent({}, SignRule::Request), QByteArray());
    }

    void strictBase64_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<bool>("ok");
        QTest::newRow("canonical") << "QUJD"_ba << true;
        QTest::newRow("padded") << "QUI="_ba << true;
        QTest::newRow("empty") << ""_ba << false;
        QTest::newRow("no padding") << "QUI"_ba << false;
        QTest::newRow("space") << "QU JD"_ba << false;
        QTest::newRow("url alphabet") << "QU-_"_ba << false;
        QTest::newRow("junk") << "wrong-sing"_ba << false;
        QTest::newRow("non-canonical bits") << "QUJ="_ba << false;
    }
    void strictBase64()
    {
        QFETCH(QByteArray, text);
        QFETCH(bool, ok);
        QCOMPARE(decodeBase64Strict(text).has_value(), ok);
    }

    void signVerifyRoundTripWithGeneratedKey()
    {
        const auto& key = generatedKey(0);
        const QByteArray content =
            "app_id=1&biz_content={\"subject\":\"收款\"}&method=alipay.trade.precreate&sign_type=RSA2"_ba;
        auto s = signRsa2(key, content);
        QVERIFY(s);
        QVERIFY(verifyRsa2(publicOf(key), content, *s));
        QVERIFY(!verifyRsa2(publicOf(generatedKey(1)), content, *s));
    }
};

QTEST_GUILESS_MAIN(TestAlipaySign)
#include "tst_alipay_sign.moc"
