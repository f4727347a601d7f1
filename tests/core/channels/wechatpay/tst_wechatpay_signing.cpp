#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include "core/channels/wechatpay/RequestSigner.h"
#include "tests/support/TestSupport.h"

using namespace paydesk;
using namespace paydesk::wechatpay;
using namespace Qt::StringLiterals;

namespace {

QJsonObject vectors()
{
    return QJsonDocument::fromJson(test::readData(u"vectors/wechatpay/request-signing.json"_s)).object();
}

// Authorization parameters by name: WeChat accepts any order, the doc example uses another than ours.
QMap<QByteArray, QByteArray> params(const QByteArray& header, QByteArray* schema)
{
    const qsizetype space = header.indexOf(' ');
    *schema = header.left(space);
    QMap<QByteArray, QByteArray> out;
    for (const QByteArray& part : header.mid(space + 1).split(',')) {
        const qsizetype eq = part.indexOf('=');
        const QByteArray value = part.mid(eq + 1);
        // Values are double-quoted.
        if (!value.startsWith('"') || !value.endsWith('"')) {
            return {};
        }
        out.insert(part.left(eq), value.mid(1, value.size() - 2));
    }
    return out;
}

} // namespace

class TestWeChatPaySigning final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void requestVectors_data()
    {
        QTest::addColumn<QJsonObject>("v");
        for (const auto& v : vectors().value(u"request_vectors"_s).toArray()) {
            QTest::newRow(qPrintable(v.toObject().value(u"name"_s).toString())) << v.toObject();
        }
    }
    void requestVectors()
    {
        QFETCH(QJsonObject, v);
        auto s = [&v](const QString& k) {
            return v.value(k).toString().toUtf8();
        };
        const QByteArray message =
            RequestSigner::message(s(u"method"_s), s(u"url"_s), s(u"timestamp"_s), s(u"nonce_str"_s), s(u"body"_s));
        QCOMPARE(message, s(u"message"_s));

        auto key = crypto::RsaPrivateKey::fromPem(
            test::readData(u"vectors/wechatpay/keys/"_s + v.value(u"key_file"_s).toString()));
        QVERIFY(key.has_value());
        const RequestSigner signer(u"1900007291"_s, u"408B07E79B8269FEC3D5D3E6AB8ED163A6A380DB"_s, *key);
        auto header = signer.authorization(
            s(u"method"_s), s(u"url"_s), s(u"timestamp"_s).toLongLong(), s(u"nonce_str"_s), s(u"body"_s));
        QVERIFY(header.has_value());
        QByteArray schema;
        const auto ours = params(*header, &schema);
        QCOMPARE(schema, QByteArray("WECHATPAY2-SHA256-RSA2048"));
        QCOMPARE(ours.value("signature"), s(u"expected_signature"_s));
        QCOMPARE(ours.value("timestamp"), s(u"timestamp"_s));
        QCOMPARE(ours.value("nonce_str"), s(u"nonce_str"_s));
        QCOMPARE(ours.value("mchid"), QByteArray("1900007291"));
        QCOMPARE(ours.value("serial_no"), QByteArray("408B07E79B8269FEC3D5D3E6AB8ED163A6A380DB"));
        QCOMPARE(ours.size(), 5);
        if (v.contains(u"expected_authorization"_s)) {
            QByteArray theirSchema;
            QCOMPARE(params(s(u"expected_authorization"_s), &theirSchema), ours);
            QCOMPARE(theirSchema, schema);
        }
    }

    // wechatpay-go: a body that ends in \n still gets its own trailing \n.
    void messageFormatVector()
    {
        const QJsonObject v = vectors().value(u"authorization_header_format_vectors"_s).toArray().at(0).toObject();
        const QByteArray message = RequestSigner::message(v.value(u"method"_s).toString().toUtf8(),
            v.value(u"url"_s).toString().toUtf8(),
            QByteArray::number(v.value(u"timestamp"_s).toInteger()),
            v.value(u"nonce"_s).toString().toUtf8(),
            v.value(u"body"_s).toString().toUtf8());
        QCOMPARE(message, QByteArray("POST\n/v3/certificates\n1624523846\nA1B2C3D4E5F6G7\nHello World!\n\n"));
        QVERIFY(v.value(u"expected"_s).toString().toUtf8().contains(QByteArray("signature=\"Sign:" + message + "\"")));
    }

    void missingKeyRefused()
    {
        const RequestSigner signer(u"1900007291"_s, u"SERIAL"_s, crypto::RsaPrivateKey());
        QCOMPARE(signer.authorization("GET", "/v3/x", 1, "n", "").error().code, ErrorCode::KeyInvalid);
    }
};

QTEST_GUILESS_MAIN(TestWeChatPaySigning)
#include "tst_wechatpay_signing.moc"
