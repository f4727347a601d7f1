// The cashier's amount keypad: on-screen keys and the keyboard build an amount that is always valid, and Enter asks
// to charge exactly what is shown.
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>

#include "ui/widgets/AmountKeypad.h"

using namespace paydesk;
using namespace Qt::StringLiterals;

class TestAmountKeypad final : public QObject
{
    Q_OBJECT
private:
    static void click(ui::AmountKeypad& pad, const QString& name)
    {
        auto* key = pad.findChild<QPushButton*>(name);
        QVERIFY2(key, qPrintable(name));
        QTest::mouseClick(key, Qt::LeftButton);
    }
    // Clicks the on-screen keys for each character of `keys` ('.' is keyDot, 'b' backspace, 'C' clear).
    static void clickKeys(ui::AmountKeypad& pad, const QString& keys)
    {
        for (QChar c : keys) {
            if (c == u'.')
                click(pad, u"keyDot"_s);
            else if (c == u'b')
                click(pad, u"keyBackspace"_s);
            else if (c == u'C')
                click(pad, u"keyClear"_s);
            else
                click(pad, u"key"_s + c);
        }
    }

private Q_SLOTS:
    void hasEveryKey()
    {
        ui::AmountKeypad pad;
        for (const QString& name : { u"key0"_s,
                 u"key1"_s,
                 u"key2"_s,
                 u"key3"_s,
                 u"key4"_s,
                 u"key5"_s,
                 u"key6"_s,
                 u"key7"_s,
                 u"key8"_s,
                 u"key9"_s,
                 u"key00"_s,
                 u"keyDot"_s,
                 u"keyBackspace"_s,
                 u"keyClear"_s }) {
            auto* key = pad.findChild<QPushButton*>(name);
            QVERIFY2(key, qPrintable(name));
            QVERIFY(key->minimumHeight() >= 64);
            QVERIFY(key->font().pointSize() >= 18);
        }
        auto* display = pad.findChild<QLabel*>(u"amountDisplay"_s);
        QVERIFY(display);
        QVERIFY(display->font().pointSize() >= 30);
        QVERIFY(pad.minimumSizeHint().width() <= 360);
    }

    void clickingKeysBuildsTheAmount()
    {
        ui::AmountKeypad pad;
        QSignalSpy changed(&pad, &ui::AmountKeypad::amountChanged);
        clickKeys(pad, u"12.34"_s);
        QCOMPARE(pad.text(), u"12.34"_s);
        QCOMPARE(pad.findChild<QLabel*>(u"amountDisplay"_s)->text(), u"12.34"_s);
        QCOMPARE(changed.count(), 5);
        QCOMPARE(changed.last().at(0).toString(), u"12.34"_s);
        QCOMPARE(pad.amount()->minorUnits(), 1234);
        click(pad, u"key00"_s); // a third and fourth decimal: refused as a whole
        QCOMPARE(pad.text(), u"12.34"_s);
        QCOMPARE(changed.count(), 5);
    }

    void refusesWhatWouldBeInvalid_data()
    {
        QTest::addColumn<QString>("keys");
        QTest::addColumn<QString>("expected");
        QTest::newRow("third decimal") << u"1.234"_s << u"1.23"_s;
        QTest::newRow("second dot") << u"1.2.3"_s << u"1.23"_s;
        QTest::newRow("dot first means 0.") << u".5"_s << u"0.5"_s;
        QTest::newRow("leading zero replaced") << u"012"_s << u"12"_s;
        QTest::newRow("zero zero") << u"00"_s << u"0"_s;
        QTest::newRow("zero point zero five") << u"0.05"_s << u"0.05"_s;
        QTest::newRow("maximum") << u"100000000.00"_s << u"100000000.00"_s;
        QTest::newRow("over the maximum") << u"100000000.01"_s << u"100000000.0"_s;
        QTest::newRow("ten digits") << u"1000000000"_s << u"100000000"_s;
        QTest::newRow("just below ten digits") << u"999999999"_s << u"99999999"_s;
        QTest::newRow("backspace") << u"12.3bb4"_s << u"124"_s;
        QTest::newRow("backspace on empty") << u"b1"_s << u"1"_s;
        QTest::newRow("clear") << u"99.9C7"_s << u"7"_s;
    }
    void refusesWhatWouldBeInvalid()
    {
        QFETCH(QString, keys);
        QFETCH(QString, expected);
        ui::AmountKeypad pad;
        clickKeys(pad, keys);
        QCOMPARE(pad.text(), expected);
    }

    void doubleZeroKey()
    {
        ui::AmountKeypad pad;
        click(pad, u"key00"_s);
        QCOMPARE(pad.text(), QString()); // "00" is not an amount
        clickKeys(pad, u"5"_s);
        click(pad, u"key00"_s);
        QCOMPARE(pad.text(), u"500"_s);
        clickKeys(pad, u"."_s);
        click(pad, u"key00"_s);
        QCOMPARE(pad.text(), u"500.00"_s);
    }

    void keyboardInputAndEnterCharges()
    {
        ui::AmountKeypad pad;
        pad.show();
        QVERIFY(QTest::qWaitForWindowExposed(&pad));
        QSignalSpy charge(&pad, &ui::AmountKeypad::chargeRequested);
        QTest::keyClicks(&pad, u"12.345x"_s);
        QCOMPARE(pad.text(), u"12.34"_s);
        QTest::keyClick(&pad, Qt::Key_Return);
        QCOMPARE(charge.count(), 1);
        const auto money = charge.at(0).at(0).value<Money>();
        QCOMPARE(money.minorUnits(), 1234);
        QCOMPARE(money.currency().code(), u"CNY"_s);
        QTest::keyClick(&pad, Qt::Key_Backspace);
        QCOMPARE(pad.text(), u"12.3"_s);
        QTest::keyClick(&pad, Qt::Key_Escape);
        QCOMPARE(pad.text(), QString());
        QTest::keyClicks(&pad, u"8."_s);
        QTest::keyClick(&pad, Qt::Key_Enter); // the numeric keypad's Enter too; "8." charges 8.00
        QCOMPARE(charge.count(), 2);
        QCOMPARE(charge.at(1).at(0).value<Money>().minorUnits(), 800);
    }

    void zeroAndEmptyAreNotCharged()
    {
        ui::AmountKeypad pad;
        QSignalSpy charge(&pad, &ui::AmountKeypad::chargeRequested);
        auto* chargeButton = pad.findChild<QPushButton*>(u"chargeButton"_s);
        QVERIFY(chargeButton);
        QCOMPARE(pad.amount().error().code, ErrorCode::InvalidAmount);
        QVERIFY(!chargeButton->isEnabled());
        QTest::keyClick(&pad, Qt::Key_Return);
        clickKeys(pad, u"0.00"_s);
        QCOMPARE(pad.text(), u"0.00"_s);
        QCOMPARE(pad.amount().error().code, ErrorCode::InvalidAmount);
        QVERIFY(!chargeButton->isEnabled());
        QTest::keyClick(&pad, Qt::Key_Return);
        QCOMPARE(charge.count(), 0);
        click(pad, u"keyBackspace"_s);
        clickKeys(pad, u"1"_s);
        QVERIFY(chargeButton->isEnabled());
        QTest::mouseClick(chargeButton, Qt::LeftButton);
        QCOMPARE(charge.count(), 1);
        QCOMPARE(charge.at(0).at(0).value<Money>().minorUnits(), 1);
    }

    void clearEmptiesTheAmount()
    {
        ui::AmountKeypad pad;
        clickKeys(pad, u"42"_s);
        QSignalSpy changed(&pad, &ui::AmountKeypad::amountChanged);
        pad.clear();
        QCOMPARE(pad.text(), QString());
        QCOMPARE(changed.count(), 1);
        QCOMPARE(pad.findChild<QLabel*>(u"amountDisplay"_s)->text(), u"0.00"_s); // placeholder, greyed
    }
};

QTEST_MAIN(TestAmountKeypad)
#include "tst_amountkeypad.moc"
