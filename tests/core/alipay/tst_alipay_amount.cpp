// Yuan strings <-> exact fen, and China-time parsing.

#include "core/channels/alipay/AlipayAmount.h"

#include <QTest>

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
        for (const auto& bad : {u"2019-9-16 00:30:00"_s, u"2019-09-16T00:30:00"_s, u"2019-09-16 24:00:00"_s,
                               u"2019-02-30 00:00:00"_s, u"2019-09-16 00:30"_s, u"2019-09-16 00:30:00 "_s, QString()})
            QVERIFY2(!parseChinaTime(bad), qPrintable(bad));
    }
};

QTEST_GUILESS_MAIN(TestAlipayAmount)
#include "tst_alipay_amount.moc"
