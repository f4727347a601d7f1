// Notifications: the real trade_status_sync vector (V1 rule), the servicemarket vector (V2 rule), tampering,
// decoding into trade/refund states, and the acknowledgement bytes.

#include <QJsonArray>

#include "core/channels/alipay/AlipayChannel.h"
#include "core/channels/alipay/AlipayNotification.h"
#include "core/channels/alipay/FormCodec.h"
#include "core/channels/alipay/GbkCodec.h"
#include "core/channels/alipay/SignContent.h"
#include "tests/core/channels/alipay/AlipayTestSupport.h"

using namespace paydesk;
using namespace paydesk::alipay;
using namespace paydesk::test::alipay;
using namespace Qt::StringLiterals;

namespace {

QJsonObject vector(int i)
{
    return readJson(u"vectors/alipay/notify-verification.json"_s).value("vectors"_L1).toArray().at(i).toObject();
}

QMap<QString, QString> params(const QJsonObject& o)
{
    QMap<QString, QString> p;
    for (auto it = o.begin(); it != o.end(); ++it)
        p.insert(it.key(), it.value().toString());
    return p;
}

InboundHttp post(const QByteArray& body)
{
    InboundHttp r;
    r.method = "POST";
    r.path = "/notify/alipay";
    r.headers.insert("content-type", "application/x-www-form-urlencoded; charset=utf-8");
    r.body = body;
    return r;
}

QByteArray signedForm(QMap<QString, QString> p, const crypto::RsaPrivateKey& key)
{
    p.insert(u"sign_type"_s, u"RSA2"_s);
    p.insert(u"sign"_s, QString::fromLatin1(*signRsa2(key, signContent(p, SignRule::NotifyV1))));
    QList<QPair<QString, QString>> pairs;
    for (auto it = p.cbegin(); it != p.cend(); ++it)
        pairs.append({ it.key(), it.value() });
    return encodeForm(pairs);
}

} // namespace

class TestAlipayNotify final : public QObject
{
    Q_OBJECT
private:
    crypto::RsaPublicKey m_v1;
    crypto::RsaPublicKey m_v2;
    AlipayConfig m_config;

private Q_SLOTS:
    void initTestCase()
    {
        m_v1 = publicKeyFile(u"nodejs-notify-alipay-public-key-v1.pem"_s);
        m_v2 = publicKeyFile(u"nodejs-notify-alipay-public-key-v2.pem"_s);
        m_config.appId = u"2019073166072302"_s;
        m_config.sellerId = u"2088531891668739"_s;
        m_config.appPrivateKey = appPrivateKey();
        m_config.alipayPublicKey = m_v1;
    }

    void v1VectorContentAndSignature()
    {
        const QJsonObject v = vector(0);
        const auto p = params(v.value("params"_L1).toObject());
        const QByteArray expected = v.value("expected_sign_content"_L1).toString().toUtf8();
        QCOMPARE(signContent(p, SignRule::NotifyV1), expected);
        QVERIFY(verifyNotificationParams(p, m_v1));
        // Keeping sign_type (the request/V2 rule) must fail for a trade notification.
        QVERIFY(!verifyRsa2(m_v1, signContent(p, SignRule::Request), p.value(u"sign"_s).toLatin1()));
        QVERIFY(!v.value("negative_keep_sign_type_valid"_L1).toBool());
    }

    void v1VectorTampered_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("value");
        QTest::newRow("amount one byte") << u"total_amount"_s << u"0.11"_s;
        QTest::newRow("trade status") << u"trade_status"_s << u"TRADE_FINISHED"_s;
        QTest::newRow("chinese subject one char") << u"subject"_s << u"语雀空间 501人规模"_s;
        QTest::newRow("out_trade_no") << u"out_trade_no"_s << u"20190815155618536-564-58"_s;
        QTest::newRow("signature one byte") << u"sign"_s << QString();
        QTest::newRow("extra param") << u"refund_fee"_s << u"0.10"_s;
        QTest::newRow("sign_type RSA") << u"sign_type"_s << u"RSA"_s;
    }
    void v1VectorTampered()
    {
        QFETCH(QString, key);
        QFETCH(QString, value);
        auto p = params(vector(0).value("params"_L1).toObject());
        if (key == u"sign") {
            QString s = p.value(key);
            s[10] = s[10] == u'A' ? u'B' : u'A';
            p.insert(key, s);
        } else {
            p.insert(key, value);
        }
        const auto r = verifyNotificationParams(p, m_v1);
        QVERIFY(!r);
        QCOMPARE(r.error().code, ErrorCode::SignatureInvalid);
    }

    void v1VectorWrongKey()
    {
        const auto p = params(vector(0).value("params"_L1).toObject());
        QVERIFY(!verifyNotificationParams(p, m_v2));
        QVERIFY(!verifyNotificationParams(p, publicOf(generatedKey(0))));
        auto missing = p;
        missing.remove(u"sign"_s);
        QVERIFY(!verifyNotificationParams(missing, m_v1));
    }

    void v1VectorThroughFormBodyAndChannel()
    {
        const QJsonObject v = vector(0);
        const QByteArray body = v.value("example_form_body_generated_here"_L1).toString().toLatin1();
        auto channel = AlipayChannel::create(m_config);
        QVERIFY(channel);
        const auto n = (*channel)->parseNotification(post(body));
        QVERIFY2(n, n ? "" : qPrintable(n.error().detail));
        QCOMPARE(n->kind, ChannelNotification::Kind::Payment);
        QCOMPARE(n->notificationId, u"2019081500222155624068450559358070"_s);
        QCOMPARE(n->eventType, u"trade_status_sync"_s);
        QCOMPARE(n->plaintext, body);
        QVERIFY(n->trade);
        QCOMPARE(n->trade->state, TradeState::Paid);
        QCOMPARE(n->trade->rawState, u"TRADE_SUCCESS"_s);
        QCOMPARE(n->trade->outTradeNo, u"20190815155618536-564-57"_s);
        QCOMPARE(n->trade->transactionId, u"2019081522001468450512505578"_s);
        QCOMPARE(n->trade->appId, u"2019073166072302"_s);
        QCOMPARE(n->trade->merchantId, u"2088531891668739"_s);
        QCOMPARE(n->trade->total->minorUnits(), 10);
        QCOMPARE(n->trade->payerTotal->minorUnits(), 10);
        // gmt_payment 2019-08-15 15:56:24 China time = 07:56:24 UTC.
        QCOMPARE(n->trade->successTime, QDateTime(QDate(2019, 8, 15), QTime(7, 56, 24), Qt::UTC));
        QVERIFY(!n->refund);

        // The same body, one byte of a value changed in transit.
        QByteArray tampered = body;
        tampered.replace("total_amount=0.10", "total_amount=0.11");
        const auto bad = (*channel)->parseNotification(post(tampered));
        QVERIFY(!bad);
        QCOMPARE(bad.error().code, ErrorCode::SignatureInvalid);

        // Not a POST, not a form, or a duplicated field: refused before any signature work.
        InboundHttp get = post(body);
        get.method = "GET";
        QVERIFY(!(*channel)->parseNotification(get));
        InboundHttp json = post(body);
        json.headers.insert("content-type", "application/json");
        QVERIFY(!(*channel)->parseNotification(json));
        QCOMPARE(
            (*channel)->parseNotification(post(body + "&total_amount=0.10")).error().code, ErrorCode::MalformedInput);
    }

    // The sign content sorts names as Java's TreeMap does: names sharing their first bytes, names that are prefixes
    // of others, and a NUL byte in a name must come in the signer's order, or the signature would not verify. The
    // body lists the fields in reverse order.
    void namesSortLikeTheSigner()
    {
        const crypto::RsaPrivateKey key = appPrivateKey();
        AlipayConfig config = m_config;
        config.alipayPublicKey = *crypto::RsaPublicKey::fromPem(key.publicKeyPem());
        QMap<QString, QString> p { { u"notify_id"_s, u"n1"_s },
            { u"notify_type"_s, u"trade_status_sync"_s },
            { u"notify_time"_s, u"2019-08-15 15:56:25"_s },
            { u"app_id"_s, m_config.appId },
            { u"out_trade_no"_s, u"T1"_s },
            { u"trade_status"_s, u"TRADE_SUCCESS"_s },
            { u"total_amount"_s, u"0.10"_s },
            { u"aaaaaaaa"_s, u"1"_s },
            { u"aaaaaaaab"_s, u"2"_s },
            { u"aaaaaaaa_"_s, u"3"_s },
            { u"aaaaaaa"_s, u"4"_s },
            { u"a"_s, u"5"_s },
            { QString::fromLatin1("a\0b", 3), u"6"_s },
            { u"zzzzzzzzzzzzzzzz1"_s, u"7"_s },
            { u"zzzzzzzzzzzzzzzz"_s, u"8"_s } };
        p.insert(u"sign_type"_s, u"RSA2"_s);
        p.insert(u"sign"_s, QString::fromLatin1(*signRsa2(key, signContent(p, SignRule::NotifyV1))));
        QList<QPair<QString, QString>> pairs;
        for (auto it = p.cbegin(); it != p.cend(); ++it)
            pairs.prepend({ it.key(), it.value() });
        const QByteArray body = encodeForm(pairs);
        const auto n = parseNotificationRequest(post(body), config);
        QVERIFY2(n, n ? "" : qPrintable(n.error().detail));
        QCOMPARE(n->trade->outTradeNo, u"T1"_s);
        QCOMPARE(n->trade->total->minorUnits(), 10);
        // One value changed: refused.
        QByteArray tampered = body;
        tampered.replace("aaaaaaaab=2", "aaaaaaaab=3");
        QCOMPARE(parseNotificationRequest(post(tampered), config).error().code, ErrorCode::SignatureInvalid);
    }

    // verifyNotificationRequest() is parseNotificationRequest()'s first half: the same verdicts on signatures
    // and on the request's shape, with no merchant check and no decoding.
    void verifyOnlyAgreesWithParse()
    {
        const QByteArray body = vector(0).value("example_form_body_generated_here"_L1).toString().toLatin1();
        QVERIFY(verifyNotificationRequest(post(body), m_v1));
        QVERIFY(parseNotificationRequest(post(body), m_config));
        QCOMPARE(verifyNotificationRequest(post(body), m_v2).error().code, ErrorCode::SignatureInvalid);
        QByteArray tampered = body;
        tampered.replace("total_amount=0.10", "total_amount=0.11");
        QCOMPARE(verifyNotificationRequest(post(tampered), m_v1).error().code, ErrorCode::SignatureInvalid);
        InboundHttp get = post(body);
        get.method = "GET";
        QCOMPARE(verifyNotificationRequest(get, m_v1).error().code, ErrorCode::MalformedInput);
        QCOMPARE(
            verifyNotificationRequest(post(body + "&total_amount=0.10"), m_v1).error().code, ErrorCode::MalformedInput);
        // Another merchant's notification verifies (it is Alipay's signature) but does not parse for this one.
        AlipayConfig other = m_config;
        other.appId = u"2019073166072303"_s;
        QCOMPARE(parseNotificationRequest(post(body), other).error().code, ErrorCode::MerchantMismatch);
    }

    // A form in GBK: Alipay signs the content in the form's charset (rsaCheckV1's content.getBytes(charset)), so
    // the GBK bytes verify and the UTF-8 bytes of the same text do not.
    void gbkNotificationVerifiesOverGbkBytes()
    {
        const crypto::RsaPrivateKey& key = generatedKey(0);
        AlipayConfig config = m_config;
        config.alipayPublicKey = publicOf(key);
        QMap<QString, QString> p { { u"notify_id"_s, u"N-GBK-1"_s },
            { u"notify_type"_s, u"trade_status_sync"_s },
            { u"app_id"_s, config.appId },
            { u"charset"_s, u"GBK"_s },
            { u"subject"_s, u"中文商品"_s },
            { u"out_trade_no"_s, u"T-GBK"_s },
            { u"trade_status"_s, u"TRADE_SUCCESS"_s },
            { u"total_amount"_s, u"12.34"_s },
            { u"gmt_payment"_s, u"2024-01-02 10:00:00"_s } };
        const auto formOf = [&](bool signGbk) {
            QMap<QString, QString> q = p;
            q.insert(u"sign_type"_s, u"RSA2"_s);
            const QByteArray utf8 = signContent(q, SignRule::NotifyV1);
            q.insert(
                u"sign"_s, QString::fromLatin1(*signRsa2(key, signGbk ? *encodeGbk(QString::fromUtf8(utf8)) : utf8)));
            QByteArray body;
            for (auto it = q.cbegin(); it != q.cend(); ++it) {
                if (!body.isEmpty())
                    body += '&';
                body += it.key().toLatin1() + '=' + encodeGbk(it.value())->toPercentEncoding();
            }
            InboundHttp r = post(body);
            r.headers.insert("content-type", "application/x-www-form-urlencoded; charset=GBK");
            return r;
        };
        const auto n = parseNotificationRequest(formOf(true), config);
        QVERIFY2(n, n ? "" : qPrintable(n.error().detail));
        QCOMPARE(n->trade->outTradeNo, u"T-GBK"_s);
        QCOMPARE(n->trade->total->minorUnits(), 1234);
        QVERIFY(verifyNotificationRequest(formOf(true), config.alipayPublicKey));
        QCOMPARE(parseNotificationRequest(formOf(false), config).error().code, ErrorCode::SignatureInvalid);
        QCOMPARE(
            verifyNotificationRequest(formOf(false), config.alipayPublicKey).error().code, ErrorCode::SignatureInvalid);
    }

    // The content type is compared without regard to ASCII case; a missing or empty one is accepted.
    void contentTypes_data()
    {
        QTest::addColumn<QByteArray>("contentType");
        QTest::addColumn<bool>("accepted");
        QTest::newRow("usual") << QByteArray("application/x-www-form-urlencoded; charset=utf-8") << true;
        QTest::newRow("upper case") << QByteArray("APPLICATION/X-WWW-FORM-URLENCODED;CHARSET=UTF-8") << true;
        QTest::newRow("bare") << QByteArray("application/x-www-form-urlencoded") << true;
        QTest::newRow("empty") << QByteArray() << true;
        QTest::newRow("absent") << QByteArray("-") << true;
        QTest::newRow("json") << QByteArray("application/json") << false;
        QTest::newRow("cut short") << QByteArray("application/x-www-form-urlencode") << false;
        QTest::newRow("leading space") << QByteArray(" application/x-www-form-urlencoded") << false;
    }
    void contentTypes()
    {
        QFETCH(QByteArray, contentType);
        QFETCH(bool, accepted);
        const QByteArray body = vector(0).value("example_form_body_generated_here"_L1).toString().toLatin1();
        InboundHttp request = post(body);
        if (contentType == "-")
            request.headers.remove("content-type");
        else
            request.headers.insert("content-type", contentType);
        const auto n = parseNotificationRequest(request, m_config);
        QCOMPARE(n.has_value(), accepted);
        if (!accepted)
            QCOMPARE(n.error().code, ErrorCode::MalformedInput);
    }

    void v1VectorOtherAppOrSeller()
    {
        const QByteArray body = vector(0).value("example_form_body_generated_here"_L1).toString().toLatin1();
        AlipayConfig c = m_config;
        c.appId = u"2019073166072303"_s;
        QCOMPARE(AlipayChannel(c).parseNotification(post(body)).error().code, ErrorCode::MerchantMismatch);
        c = m_config;
        c.sellerId = u"2088000000000000"_s;
        QCOMPARE(AlipayChannel(c).parseNotification(post(body)).error().code, ErrorCode::MerchantMismatch);
    }

    void v2VectorKeepsSignType()
    {
        const QJsonObject v = vector(1);
        const QString content = v.value("expected_sign_content"_L1).toString();
        const QByteArray sign = v.value("sign"_L1).toString().toLatin1();
        // Rebuild the params from the published content (no value contains '&').
        QMap<QString, QString> p;
        for (const QString& kv : content.split(u'&')) {
            const qsizetype eq = kv.indexOf(u'=');
            p.insert(kv.left(eq), kv.mid(eq + 1));
        }
        p.insert(u"sign"_s, QString::fromLatin1(sign));
        QCOMPARE(signContent(p, SignRule::Request), content.toUtf8());
        QVERIFY(verifyRsa2(m_v2, signContent(p, SignRule::Request), sign));
        // The V1 rule (dropping sign_type) does not verify this message, nor does the V1 key.
        QVERIFY(!verifyRsa2(m_v2, signContent(p, SignRule::NotifyV1), sign));
        QVERIFY(!verifyRsa2(m_v1, signContent(p, SignRule::Request), sign));
        // The vector's own negative: service_code tampered.
        p.insert(u"service_code"_s, u"58621634111"_s);
        QVERIFY(!verifyRsa2(m_v2, signContent(p, SignRule::Request), sign));
    }

    void negativeVector()
    {
        // Vector 3 publishes only a truncated signature ("T946S2qy..."): it cannot verify under any rule.
        auto p = params(vector(0).value("params"_L1).toObject());
        p.insert(u"sign"_s, u"T946S2qy"_s);
        QVERIFY(!verifyNotificationParams(p, m_v1));
        QVERIFY(!vector(2).value("expected_valid"_L1).toBool());
    }

    void decodeStates_data()
    {
        QTest::addColumn<QString>("status");
        QTest::addColumn<bool>("refund");
        QTest::addColumn<int>("kind");
        QTest::addColumn<int>("state");
        QTest::newRow("success") << u"TRADE_SUCCESS"_s << false << int(ChannelNotification::Kind::Payment)
                                 << int(TradeState::Paid);
        QTest::newRow("finished") << u"TRADE_FINISHED"_s << false << int(ChannelNotification::Kind::Payment)
                                  << int(TradeState::Paid);
        QTest::newRow("waiting") << u"WAIT_BUYER_PAY"_s << false << int(ChannelNotification::Kind::Payment)
                                 << int(TradeState::NotPaid);
        QTest::newRow("closed") << u"TRADE_CLOSED"_s << false << int(ChannelNotification::Kind::Payment)
                                << int(TradeState::Closed);
        QTest::newRow("partial refund") << u"TRADE_SUCCESS"_s << true << int(ChannelNotification::Kind::Refund)
                                        << int(TradeState::Paid);
        QTest::newRow("full refund") << u"TRADE_CLOSED"_s << true << int(ChannelNotification::Kind::Refund)
                                     << int(TradeState::Refunded);
    }
    void decodeStates()
    {
        QFETCH(QString, status);
        QFETCH(bool, refund);
        QFETCH(int, kind);
        QFETCH(int, state);
        const auto& key = generatedKey(0);
        AlipayConfig c = m_config;
        c.alipayPublicKey = publicOf(key);
        QMap<QString, QString> p { { u"notify_id"_s, u"n-1"_s },
            { u"notify_type"_s, u"trade_status_sync"_s },
            { u"notify_time"_s, u"2024-01-02 10:00:05"_s },
            { u"app_id"_s, c.appId },
            { u"seller_id"_s, c.sellerId },
            { u"charset"_s, u"utf-8"_s },
            { u"version"_s, u"1.0"_s },
            { u"out_trade_no"_s, u"PD-1"_s },
            { u"trade_no"_s, u"2024010222001"_s },
            { u"trade_status"_s, status },
            { u"total_amount"_s, u"88.88"_s },
            { u"subject"_s, u"收银 台 & = %"_s },
            { u"gmt_payment"_s, u"2024-01-02 10:00:00"_s } };
        if (refund) {
            p.insert(u"out_biz_no"_s, u"RF-1"_s);
            p.insert(u"refund_fee"_s, u"8.88"_s);
            p.insert(u"gmt_refund"_s, u"2024-01-03 00:30:00.123"_s);
        }
        const auto n = AlipayChannel(c).parseNotification(post(signedForm(p, key)));
        QVERIFY2(n, n ? "" : qPrintable(n.error().detail));
        QCOMPARE(int(n->kind), kind);
        QCOMPARE(int(n->trade->state), state);
        QCOMPARE(n->trade->total->minorUnits(), 8888);
        QCOMPARE(n->refund.has_value(), refund);
        if (refund) {
            QCOMPARE(n->refund->outRefundNo, u"RF-1"_s);
            // refund_fee is the trade's running total refunded, not this refund's amount (which is not in the message).
            QCOMPARE(n->refund->refundedTotal, std::optional<Money>(Money::fen(888)));
            QVERIFY(!n->refund->refund);
            QCOMPARE(n->refund->state, RefundState::Succeeded);
            // Alipay prints gmt_refund with milliseconds; they are kept.
            QCOMPARE(n->refund->successTime, QDateTime(QDate(2024, 1, 2), QTime(16, 30, 0, 123), Qt::UTC));
        }
    }

    void decodeRefusesBadFields_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("value");
        QTest::newRow("amount one decimal") << u"total_amount"_s << u"0.1"_s;
        QTest::newRow("amount three decimals") << u"total_amount"_s << u"1.234"_s;
        QTest::newRow("unknown status") << u"trade_status"_s << u"TRADE_PAID"_s;
        QTest::newRow("bad time") << u"gmt_payment"_s << u"2024-1-2 10:00:00"_s;
        QTest::newRow("no notify_id") << u"notify_id"_s << QString();
        // A refund notification names its refund by out_biz_no; without it, it cannot be matched to one.
        QTest::newRow("refund without out_biz_no") << u"refund_fee"_s << u"0.50"_s;
    }
    void decodeRefusesBadFields()
    {
        QFETCH(QString, key);
        QFETCH(QString, value);
        QMap<QString, QString> p { { u"notify_id"_s, u"n-1"_s },
            { u"notify_type"_s, u"trade_status_sync"_s },
            { u"out_trade_no"_s, u"PD-1"_s },
            { u"trade_status"_s, u"TRADE_SUCCESS"_s },
            { u"total_amount"_s, u"1.00"_s },
            { u"gmt_payment"_s, u"2024-01-02 10:00:00"_s } };
        p.insert(key, value);
        const auto n = decodeNotificationParams(p);
        QVERIFY(!n);
        QCOMPARE(n.error().code, ErrorCode::MalformedInput);
    }

    void decodeRefundTime_data()
    {
        QTest::addColumn<QString>("gmtRefund");
        QTest::addColumn<QDateTime>("utc");
        const QDateTime refused;
        QTest::newRow("real notification ms")
            << u"2021-07-14 09:51:36.631"_s << QDateTime(QDate(2021, 7, 14), QTime(1, 51, 36, 631), Qt::UTC);
        QTest::newRow("seconds only") << u"2021-07-14 09:51:36"_s
                                      << QDateTime(QDate(2021, 7, 14), QTime(1, 51, 36), Qt::UTC);
        QTest::newRow("two fraction digits") << u"2021-07-14 09:51:36.63"_s << refused;
        QTest::newRow("microseconds") << u"2021-07-14 09:51:36.631000"_s << refused;
    }
    void decodeRefundTime()
    {
        QFETCH(QString, gmtRefund);
        QFETCH(QDateTime, utc);
        const QMap<QString, QString> p { { u"notify_id"_s, u"n-1"_s },
            { u"notify_type"_s, u"trade_status_sync"_s },
            { u"out_trade_no"_s, u"PD-1"_s },
            { u"trade_status"_s, u"TRADE_SUCCESS"_s },
            { u"total_amount"_s, u"1.00"_s },
            { u"gmt_payment"_s, u"2021-07-14 09:50:00"_s },
            { u"out_biz_no"_s, u"RF-1"_s },
            { u"refund_fee"_s, u"0.50"_s },
            { u"gmt_refund"_s, gmtRefund } };
        const auto n = decodeNotificationParams(p);
        if (!utc.isValid()) {
            QVERIFY(!n);
            QCOMPARE(n.error().code, ErrorCode::MalformedInput);
            QVERIFY2(n.error().detail.startsWith(u"gmt_refund"_s), qPrintable(n.error().detail));
            return;
        }
        QVERIFY2(n, n ? "" : qPrintable(n.error().detail));
        QCOMPARE(n->kind, ChannelNotification::Kind::Refund);
        QCOMPARE(n->refund->successTime, utc);
    }

    void acknowledgement()
    {
        const AlipayChannel channel(m_config);
        const NotificationAck ok = channel.acknowledgement(true);
        QCOMPARE(ok.httpStatus, 200);
        QCOMPARE(ok.body, "success"_ba);
        QCOMPARE(ok.body.size(), 7);
        QCOMPARE(ok.contentType, "text/plain"_ba);
        const NotificationAck no = channel.acknowledgement(false);
        QVERIFY(no.httpStatus == 200 || no.httpStatus == 400);
        QCOMPARE(no.body, "fail"_ba);
    }
};

QTEST_GUILESS_MAIN(TestAlipayNotify)
#include "tst_alipay_notify.moc"
