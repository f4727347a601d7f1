#include <QTest>
#include <QTimeZone>

#include "core/channels/wechatpay/WeChatPayModels.h"

using namespace paydesk;
using namespace paydesk::wechatpay;
using namespace Qt::StringLiterals;

class TestWeChatPayModels final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void rfc3339_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QDateTime>("utc");
        const auto utc = [](int y, int mo, int d, int h, int mi, int s, int ms = 0) {
            return QDateTime(QDate(y, mo, d), QTime(h, mi, s, ms), QTimeZone::utc());
        };
        QTest::newRow("china") << u"2018-06-08T10:34:56+08:00"_s << utc(2018, 6, 8, 2, 34, 56);
        QTest::newRow("zulu") << u"2018-06-08T10:34:56Z"_s << utc(2018, 6, 8, 10, 34, 56);
        QTest::newRow("negative offset") << u"2018-06-08T10:34:56-05:30"_s << utc(2018, 6, 8, 16, 4, 56);
        QTest::newRow("day before") << u"2018-06-08T05:00:00+08:00"_s << utc(2018, 6, 7, 21, 0, 0);
        QTest::newRow("millis") << u"2018-06-08T10:34:56.789+08:00"_s << utc(2018, 6, 8, 2, 34, 56, 789);
        QTest::newRow("one digit fraction") << u"2018-06-08T10:34:56.5Z"_s << utc(2018, 6, 8, 10, 34, 56, 500);
        QTest::newRow("micros truncated") << u"2018-06-08T10:34:56.123456Z"_s << utc(2018, 6, 8, 10, 34, 56, 123);
        QTest::newRow("leap day") << u"2024-02-29T00:00:00+08:00"_s << utc(2024, 2, 28, 16, 0, 0);
    }
    void rfc3339()
    {
        QFETCH(QString, text);
        QFETCH(QDateTime, utc);
        auto t = parseRfc3339(text);
        QVERIFY2(t, t ? "" : qPrintable(t.error().detail));
        QCOMPARE(*t, utc);
        QCOMPARE(t->timeSpec(), Qt::UTC);
    }

    void rfc3339Refused_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("no offset (local time)") << u"2018-06-08T10:34:56"_s;
        QTest::newRow("no seconds") << u"2018-06-08T10:34+08:00"_s;
        QTest::newRow("space separator") << u"2018-06-08 10:34:56+08:00"_s;
        QTest::newRow("lower-case t") << u"2018-06-08t10:34:56Z"_s;
        QTest::newRow("compact offset") << u"2018-06-08T10:34:56+0800"_s;
        QTest::newRow("hour offset only") << u"2018-06-08T10:34:56+08"_s;
        QTest::newRow("empty fraction") << u"2018-06-08T10:34:56.Z"_s;
        QTest::newRow("bad month") << u"2018-13-08T10:34:56Z"_s;
        QTest::newRow("bad day") << u"2023-02-29T10:34:56Z"_s;
        QTest::newRow("bad hour") << u"2018-06-08T24:00:00Z"_s;
        QTest::newRow("bad offset minutes") << u"2018-06-08T10:34:56+08:60"_s;
        QTest::newRow("letters") << u"2018-0x-08T10:34:56Z"_s;
        QTest::newRow("trailing text") << u"2018-06-08T10:34:56Z "_s;
        QTest::newRow("date only") << u"2018-06-08"_s;
        QTest::newRow("full-width digit") << u"2018-06-0８T10:34:56Z"_s;
    }
    void rfc3339Refused()
    {
        QFETCH(QString, text);
        auto t = parseRfc3339(text);
        QVERIFY(!t);
        QCOMPARE(t.error().code, ErrorCode::MalformedInput);
    }

    void transactionFromJson()
    {
        auto doc = json::Document::parseObject(
            R"({"out_trade_no":"A1","trade_state":"SUCCESS","transaction_id":"42","mchid":"m","appid":"a",)"
            R"("success_time":"2023-11-15T06:13:20+08:00","amount":{"total":100,"payer_total":99,"currency":"CNY"}})",
            u"t");
        QVERIFY(doc);
        auto t = parseTransaction(doc->root());
        QVERIFY2(t, t ? "" : qPrintable(t.error().detail));
        QCOMPARE(t->total, std::optional<Money>(Money::fen(100)));
        QCOMPARE(t->payerTotal, std::optional<Money>(Money::fen(99)));
        QCOMPARE(t->successTime, QDateTime(QDate(2023, 11, 14), QTime(22, 13, 20), QTimeZone::utc()));
    }

    void transactionRefused_data()
    {
        QTest::addColumn<QByteArray>("amount");
        QTest::newRow("fraction") << QByteArray(R"({"total":100.0})");
        QTest::newRow("exponent") << QByteArray(R"({"total":1e2})");
        QTest::newRow("string") << QByteArray(R"({"total":"100"})");
        QTest::newRow("negative") << QByteArray(R"({"total":-1})");
        QTest::newRow("beyond int64") << QByteArray(R"({"total":99999999999999999999})");
        QTest::newRow("other currency") << QByteArray(R"({"total":100,"currency":"USD"})");
    }
    void transactionRefused()
    {
        QFETCH(QByteArray, amount);
        auto doc = json::Document::parseObject(
            R"({"out_trade_no":"A1","trade_state":"SUCCESS","transaction_id":"42","amount":)" + amount + "}", u"t");
        QVERIFY(doc);
        auto t = parseTransaction(doc->root());
        QVERIFY(!t);
        QCOMPARE(t.error().code, ErrorCode::MalformedInput);
    }
};

QTEST_GUILESS_MAIN(TestWeChatPayModels)
#include "tst_wechatpay_models.moc"
