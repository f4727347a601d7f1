// Yuan strings <-> exact fen, and China-time parsing.

#include <QTest>

#include "core/channels/alipay/AlipayAmount.h"

using namespace paydesk;
using namespace paydesk::alipay;
using namespace Qt::StringLiterals;

class TestAlipayAmount final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void parsesYuan_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("fen");
        QTest::newRow("one fen") << u"0.01"_s << qint64(1);
        QTest::newRow("ten fen") << u"0.10"_s << qint64(10);
        QTest::newRow("zero") << u"0.00"_s << qint64(0);
        QTest::newRow("typical") << u"88.88"_s << qint64(8888);
        QTest::newRow("max") << u"100000000.00"_s << qint64(10000000000);
        // More significant digits than a double keeps exactly.
        QTest::newRow("no float drift") << u"1234567890123.45"_s << qint64(123456789012345);
    }
    void parsesYuan()
    {
        QFETCH(QString, text);
        QFETCH(qint64, fen);
        const auto m = parseYuan(text);
        QVERIFY2(m, m ? "" : qPrintable(m.error().detail));
        QCOMPARE(m->minorUnits(), fen);
        QCOMPARE(formatYuan(*m), text);
    }

    void refusesYuan_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("one decimal") << u"0.1"_s;
        QTest::newRow("three decimals") << u"1.234"_s;
        QTest::newRow("no decimals") << u"1"_s;
        QTest::newRow("trailing dot") << u"1."_s;
        QTest::newRow("leading dot") << u".10"_s;
        QTest::newRow("leading zero") << u"01.00"_s;
        QTest::newRow("sign") << u"+1.00"_s;
        QTest::newRow("negative") << u"-1.00"_s;
        QTest::newRow("space") << u" 1.00"_s;
        QTest::newRow("trailing space") << u"1.00 "_s;
        QTest::newRow("exponent") << u"1e2"_s;
        QTest::newRow("comma") << u"1,00"_s;
        QTest::newRow("grouping") << u"1,000.00"_s;
        QTest::newRow("full-width digits") << u"１.００"_s;
        QTest::newRow("empty") << QString();
        QTest::newRow("overflow") << u"99999999999999999999.00"_s;
        QTest::newRow("nan") << u"NaN"_s;
    }
    void refusesYuan()
    {
        QFETCH(QString, text);
        QVERIFY(!parseYuan(text));
    }

    void signedYuan()
    {
        QCOMPARE(parseYuanSigned(u"-0.04")->minorUnits(), -4);
        QCOMPARE(parseYuanSigned(u"0.04")->minorUnits(), 4);
        QVERIFY(!parseYuanSigned(u"--0.04"));
        QVERIFY(!parseYuanSigned(u"-0.4"));
        QVERIFY(!parseYuanSigned(u"-"));
    }

    void chinaTime()
    {
        const auto t = parseChinaTime(u"2019-09-16 00:30:00");
        QVERIFY(t);
        QCOMPARE(*t, QDateTime(QDate(2019, 9, 15), QTime(16, 30), Qt::UTC));
        QCOMPARE(t->timeSpec(), Qt::UTC);
        QCOMPARE(formatChinaTime(*t), u"2019-09-16 00:30:00"_s);
        QCOMPARE(formatChinaTime(QDateTime(QDate(2024, 12, 31), QTime(23, 59, 59), Qt::UTC)), u"2025-01-01 07:59:59"_s);
        for (const auto& bad : { u"2019-9-16 00:30:00"_s,
                 u"2019-09-16T00:30:00"_s,
                 u"2019-09-16 24:00:00"_s,
                 u"2019-02-30 00:00:00"_s,
                 u"2019-09-16 00:30"_s,
                 u"2019-09-16 00:30:00 "_s,
                 QString() })
            QVERIFY2(!parseChinaTime(bad), qPrintable(bad));
    }

    void chinaTimeWithMilliseconds_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QDateTime>("utc");
        // Real refund notifications print gmt_refund like this ("2021-07-14 09:51:36.631").
        QTest::newRow("alipay refund") << u"2021-07-14 09:51:36.631"_s
                                       << QDateTime(QDate(2021, 7, 14), QTime(1, 51, 36, 631), Qt::UTC);
        QTest::newRow("task example") << u"2026-11-23 11:00:56.123"_s
                                      << QDateTime(QDate(2026, 11, 23), QTime(3, 0, 56, 123), Qt::UTC);
        QTest::newRow("zero fraction") << u"2019-09-16 00:30:00.000"_s
                                       << QDateTime(QDate(2019, 9, 15), QTime(16, 30), Qt::UTC);
        QTest::newRow("across midnight") << u"2025-01-01 07:59:59.999"_s
                                         << QDateTime(QDate(2024, 12, 31), QTime(23, 59, 59, 999), Qt::UTC);
    }
    void chinaTimeWithMilliseconds()
    {
        QFETCH(QString, text);
        QFETCH(QDateTime, utc);
        const auto t = parseChinaTime(text);
        QVERIFY2(t, t ? "" : qPrintable(t.error().detail));
        QCOMPARE(*t, utc);
        QCOMPARE(t->time().msec(), utc.time().msec());
        QCOMPARE(t->timeSpec(), Qt::UTC);
    }

    void chinaTimeRefusesOtherFractions_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("one digit") << u"2021-07-14 09:51:36.6"_s;
        QTest::newRow("two digits") << u"2021-07-14 09:51:36.63"_s;
        QTest::newRow("four digits") << u"2021-07-14 09:51:36.6310"_s;
        QTest::newRow("six digits") << u"2021-07-14 09:51:36.631000"_s;
        QTest::newRow("bare dot") << u"2021-07-14 09:51:36."_s;
        QTest::newRow("comma") << u"2021-07-14 09:51:36,631"_s;
        QTest::newRow("letter in fraction") << u"2021-07-14 09:51:36.63a"_s;
        QTest::newRow("sign in fraction") << u"2021-07-14 09:51:36.-31"_s;
        QTest::newRow("zone") << u"2021-07-14 09:51:36.631Z"_s;
        QTest::newRow("iso T") << u"2021-07-14T09:51:36.631"_s;
        QTest::newRow("bad date") << u"2021-02-30 09:51:36.631"_s;
        QTest::newRow("bad hour") << u"2021-07-14 24:51:36.631"_s;
    }
    void chinaTimeRefusesOtherFractions()
    {
        QFETCH(QString, text);
        const auto t = parseChinaTime(text);
        QVERIFY(!t);
        QCOMPARE(t.error().code, ErrorCode::MalformedInput);
    }
};

QTEST_GUILESS_MAIN(TestAlipayAmount)
#include "tst_alipay_amount.moc"
