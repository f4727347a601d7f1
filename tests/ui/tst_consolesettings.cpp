// ConsoleSettings: what one start writes, the next start reads (the settings file is the console's memory).
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include "ui/common/ConsoleSettings.h"

using namespace paydesk::ui;
using namespace Qt::StringLiterals;

class TestConsoleSettings final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void aSecondStartReadsWhatTheFirstWrote()
    {
        QTemporaryDir dir;
        const QString ini = dir.filePath(u"paydesk.ini"_s);
        {
            ConsoleSettings first(ini);
            QVERIFY(!first.firstRunDone());
            first.setMode(ConsoleSettings::Mode::Training);
            first.setLanguage(u"zh_CN"_s);
            first.setMerchantName(u"老王小卖部"_s);
            first.setNotifyListen(u"127.0.0.1:8780"_s);
            first.setFirstRunDone(true);
            first.sync();
        }
        ConsoleSettings second(ini);
        QVERIFY(second.firstRunDone());
        QCOMPARE(second.mode(), ConsoleSettings::Mode::Training);
        QCOMPARE(second.language(), u"zh_CN"_s);
        QCOMPARE(second.merchantName(), u"老王小卖部"_s);
        QCOMPARE(second.notifyListen(), u"127.0.0.1:8780"_s);
    }

    void aFileWrittenWithTheOldGroupIsTakenOver()
    {
        // What earlier versions wrote: QSettings escapes a group named "general" as [%General].
        QTemporaryDir dir;
        const QString ini = dir.filePath(u"paydesk.ini"_s);
        QFile f(ini);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("[%General]\nfirstRunDone=true\nlanguage=zh_CN\nmerchantName=Tea House\nmode=training\n");
        f.close();
        ConsoleSettings settings(ini);
        QVERIFY(settings.firstRunDone());
        QCOMPARE(settings.language(), u"zh_CN"_s);
        QCOMPARE(settings.merchantName(), u"Tea House"_s);
        QCOMPARE(settings.mode(), ConsoleSettings::Mode::Training);
    }
};

QTEST_GUILESS_MAIN(TestConsoleSettings)
#include "tst_consolesettings.moc"
