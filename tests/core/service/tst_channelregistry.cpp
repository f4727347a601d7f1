// ChannelRegistry shares ownership of the channels with the calls in flight on them: a reload may replace a channel
// at any moment, and a call that already holds the old one finishes on it.
#include <atomic>
#include <memory>

#include <QTest>
#include <QThread>

#include "core/service/ChannelRegistry.h"
#include "tests/support/ScriptedChannel.h"

using namespace paydesk;
using namespace paydesk::test;
using namespace Qt::StringLiterals;

namespace {

/// A channel owned by a shared_ptr that counts its deletion.
std::shared_ptr<Channel> counted(const QString& merchant, std::atomic<int>* deleted)
{
    return std::shared_ptr<Channel>(new ScriptedChannel(ChannelKind::WeChatPay, merchant), [deleted](Channel* c) {
        deleted->fetch_add(1);
        delete c;
    });
}

} // namespace

class TestChannelRegistry final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void aHeldChannelOutlivesItsReplacement()
    {
        std::atomic<int> deleted { 0 };
        ChannelRegistry registry;
        registry.add(counted(u"first"_s, &deleted));
        {
            auto held = registry.channel(ChannelKind::WeChatPay); // a call in flight
            QVERIFY(held);
            registry.add(counted(u"second"_s, &deleted)); // the settings were saved meanwhile
            QCOMPARE(deleted.load(), 0);
            QCOMPARE((*held)->merchantId(), u"first"_s);
            QCOMPARE((*registry.channel(ChannelKind::WeChatPay))->merchantId(), u"second"_s);
        }
        QCOMPARE(deleted.load(), 1); // the old one went with its last call
        {
            auto held = registry.channel(ChannelKind::WeChatPay);
            registry.remove(ChannelKind::WeChatPay);
            QCOMPARE(registry.channel(ChannelKind::WeChatPay).error().code, ErrorCode::NotFound);
            QCOMPARE((*held)->merchantId(), u"second"_s);
            QCOMPARE(deleted.load(), 1);
        }
        QCOMPARE(deleted.load(), 2);
    }

    void aChannelNotOwnedIsNeverDeleted()
    {
        ScriptedChannel onStack(ChannelKind::Alipay);
        {
            ChannelRegistry registry;
            registry.add(&onStack);
            QCOMPARE((*registry.channel(ChannelKind::Alipay))->kind(), ChannelKind::Alipay);
            registry.add(&onStack); // replaced by itself: still not deleted
            registry.remove(ChannelKind::Alipay);
            registry.add(&onStack);
        } // AddressSanitizer would report a delete of a stack object here
        QCOMPARE(onStack.kind(), ChannelKind::Alipay);
    }

    void aReplacedKindIsNeverMissing()
    {
        std::atomic<int> deleted { 0 };
        ChannelRegistry registry;
        registry.add(counted(u"0"_s, &deleted));
        std::atomic<bool> stop { false };
        std::atomic<int> missing { 0 };
        std::atomic<qint64> calls { 0 };
        std::unique_ptr<QThread> caller(QThread::create([&] {
            while (!stop.load()) {
                auto c = registry.channel(ChannelKind::WeChatPay);
                if (!c || (*c)->merchantId().isEmpty())
                    missing.fetch_add(1);
                calls.fetch_add(1);
            }
        }));
        caller->start();
        constexpr int kReplacements = 2000;
        qint64 mark = 0;
        for (int i = 1; i <= kReplacements; ++i) {
            registry.add(counted(QString::number(i), &deleted));
            if (i % 100 == 0) { // the caller runs between the replacements, not only before or after them
                QTRY_VERIFY(calls.load() > mark);
                mark = calls.load();
            }
        }
        stop.store(true);
        QVERIFY(caller->wait(QDeadlineTimer(30000)));
        QCOMPARE(missing.load(), 0);
        QCOMPARE(deleted.load(), kReplacements);
        QCOMPARE((*registry.channel(ChannelKind::WeChatPay))->merchantId(), QString::number(kReplacements));
    }
};

QTEST_MAIN(TestChannelRegistry)
#include "tst_channelregistry.moc"
