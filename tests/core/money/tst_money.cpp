#include <limits>

#include <QTest>

#include "core/money/Money.h"

using namespace paydesk;

class TestMoney final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void parseAccepts_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("currency");
        QTest::addColumn<qint64>("minor");
        QTest::newRow("cents") << u"12.34"_qs << u"CNY"_qs << qint64(1234);
        QTest::newRow("one fen") << u"0.01"_qs << u"CNY"_qs << qint64(1);
        QTest::newRow("whole") << u"7"_qs << u"CNY"_qs << qint64(700);
        QTest::newRow("one decimal") << u"7.5"_qs << u"CNY"_qs << qint64(750);
        QTest::newRow("zero") << u"0"_qs << u"CNY"_qs << qint64(0);
        QTest::newRow("zero cents") << u"0.00"_qs << u"CNY"_qs << qint64(0);
        QTest::newRow("alipay max") << u"100000000.00"_qs << u"CNY"_qs << qint64(10000000000);
        QTest::newRow("int64 max fen") << u"92233720368547758.07"_qs << u"CNY"_qs << std::numeric_limits<qint64>::max();
        QTest::newRow("yen has no minor") << u"1234"_qs << u"JPY"_qs << qint64(1234);
    }
    void parseAccepts()
    {
        QFETCH(QString, text);
        QFETCH(QString, currency);
        QFETCH(qint64, minor);
        const auto cur = Currency::fromCode(currency);
        QVERIFY(cur);
        const auto m = Money::parse(text, *cur);
        QVERIFY2(m, qPrintable(m ? QString() : m.error().detail));
        QCOMPARE(m->minorUnits(), minor);
        QCOMPARE(m->currency().code(), currency);
    }

    void parseRefuses_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("code");
        const int invalid = int(ErrorCode::InvalidAmount);
        QTest::newRow("three decimals") << u"1.234"_qs << invalid;
        QTest::newRow("negative") << u"-1"_qs << invalid;
        QTest::newRow("plus sign") << u"+1"_qs << invalid;
        QTest::newRow("exponent") << u"1e3"_qs << invalid;
        QTest::newRow("empty") << QString() << invalid;
        QTest::newRow("yuan sign") << u"¥1"_qs << invalid;
        QTest::newRow("leading space") << u" 1"_qs << invalid;
        QTest::newRow("trailing space") << u"1 "_qs << invalid;
        QTest::newRow("leading zero") << u"012"_qs << invalid;
        QTest::newRow("bare dot") << u"."_qs << invalid;
        QTest::newRow("no whole part") << u".5"_qs << invalid;
        QTest::newRow("no fraction") << u"5."_qs << invalid;
        QTest::newRow("comma decimal") << u"1,50"_qs << invalid;
        QTest::newRow("grouping") << u"1,000.00"_qs << invalid;
        QTest::newRow("two dots") << u"1.2.3"_qs << invalid;
        QTest::newRow("full-width digit") << u"１"_qs << invalid;
        QTest::newRow("nan") << u"nan"_qs << invalid;
        QTest::newRow("hex") << u"0x10"_qs << invalid;
        QTest::newRow("overflow by one fen") << u"92233720368547758.08"_qs << int(ErrorCode::Overflow);
        QTest::newRow("overflow whole") << u"99999999999999999999"_qs << int(ErrorCode::Overflow);
    }
    void parseRefuses()
    {
        QFETCH(QString, text);
        QFETCH(int, code);
        const auto m = Money::parse(text);
        QVERIFY(!m);
        QCOMPARE(int(m.error().code), code);
    }

    void parseSignedAcceptsNegativeBillAmounts()
    {
        const auto m = Money::parseSigned(u"-0.04");
        QVERIFY(m);
        QCOMPARE(m->minorUnits(), qint64(-4));
        QVERIFY(!Money::parseSigned(u"--1"));
        QVERIFY(!Money::parseSigned(u"-"));
    }

    void formats_data()
    {
        QTest::addColumn<qint64>("minor");
        QTest::addColumn<QString>("text");
        QTest::newRow("cents") << qint64(1234) << u"12.34"_qs;
        QTest::newRow("one fen") << qint64(1) << u"0.01"_qs;
        QTest::newRow("zero") << qint64(0) << u"0.00"_qs;
        QTest::newRow("negative") << qint64(-4) << u"-0.04"_qs;
        QTest::newRow("min") << std::numeric_limits<qint64>::min() << u"-92233720368547758.08"_qs;
    }
    void formats()
    {
        QFETCH(qint64, minor);
        QFETCH(QString, text);
        QCOMPARE(Money::fen(minor).toDecimalString(), text);
    }

    void roundTripsEveryFenOfTheFirstHundredYuan()
    {
        for (qint64 fen = 0; fen <= 10000; ++fen) {
            const auto back = Money::parse(Money::fen(fen).toDecimalString());
            QVERIFY(back);
            QCOMPARE(back->minorUnits(), fen);
        }
    }

    void arithmetic()
    {
        const Money a = Money::fen(1000);
        QCOMPARE(a.plus(Money::fen(1))->minorUnits(), qint64(1001));
        QCOMPARE(a.minus(Money::fen(1001))->minorUnits(), qint64(-1));
        QCOMPARE(a.times(3)->minorUnits(), qint64(3000));
        const Money usd(5, *Currency::fromCode(u"USD"));
        QCOMPARE(a.plus(usd).error().code, ErrorCode::CurrencyMismatch);
        QCOMPARE(a.minus(usd).error().code, ErrorCode::CurrencyMismatch);
        const Money max = Money::fen(std::numeric_limits<qint64>::max());
        QCOMPARE(max.plus(Money::fen(1)).error().code, ErrorCode::Overflow);
        QCOMPARE(Money::fen(std::numeric_limits<qint64>::min()).minus(Money::fen(1)).error().code, ErrorCode::Overflow);
        QCOMPARE(max.times(2).error().code, ErrorCode::Overflow);
        QCOMPARE(Money::fen(std::numeric_limits<qint64>::min()).negated().error().code, ErrorCode::Overflow);
        QVERIFY(!Currency::fromCode(u"XXX"));
        QVERIFY(!Currency::fromCode(u"cny"));
    }
};

QTEST_GUILESS_MAIN(TestMoney)
#include "tst_money.moc"
