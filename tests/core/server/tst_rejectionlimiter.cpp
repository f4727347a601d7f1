// RejectionLimiter: how many unverified notifications a source (and all sources together) may have stored.
#include <QTest>

#include "core/server/RejectionLimiter.h"

using namespace paydesk;
using namespace Qt::StringLiterals;

namespace {

int takes(RejectionLimiter& limiter, const QHostAddress& source, qint64 nowMs, int tries)
{
    int granted = 0;
    for (int i = 0; i < tries; ++i)
        granted += limiter.tryTake(source, nowMs) ? 1 : 0;
    return granted;
}

RejectionLimits limits(int burst, int perMinute)
{
    RejectionLimits l;
    l.perSourceBurst = burst;
    l.perSourcePerMinute = perMinute;
    return l;
}

const QHostAddress kA(u"203.0.113.7"_s);
const QHostAddress kB(u"198.51.100.9"_s);

} // namespace

class TestRejectionLimiter final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void aBurstThenOneAtTheRate()
    {
        RejectionLimiter limiter(limits(5, 6)); // one every 10 s
        QCOMPARE(takes(limiter, kA, 0, 20), 5);
        QCOMPARE(takes(limiter, kA, 9999, 5), 0);
        QCOMPARE(takes(limiter, kA, 10000, 5), 1);
        // A long quiet spell refills to the burst, not beyond.
        QCOMPARE(takes(limiter, kA, 10000 + 24LL * 3600 * 1000, 20), 5);
    }

    void noRateMeansTheBurstOnly()
    {
        RejectionLimiter limiter(limits(3, 0));
        QCOMPARE(takes(limiter, kA, 0, 10), 3);
        QCOMPARE(takes(limiter, kA, 3600 * 1000, 10), 0);
    }

    void sourcesAreApartButShareTheTotal()
    {
        RejectionLimits l = limits(5, 0);
        l.totalBurst = 8;
        l.totalPerMinute = 0;
        RejectionLimiter limiter(l);
        QCOMPARE(takes(limiter, kA, 0, 10), 5);
        QCOMPARE(takes(limiter, kB, 0, 10), 3); // its own five, but only three left in all
        QCOMPARE(takes(limiter, QHostAddress(u"192.0.2.1"_s), 0, 10), 0);
    }

    void anIpv6HostIsItsSlash64()
    {
        RejectionLimiter limiter(limits(2, 0));
        QCOMPARE(takes(limiter, QHostAddress(u"2001:db8:1:2::1"_s), 0, 1), 1);
        QCOMPARE(takes(limiter, QHostAddress(u"2001:db8:1:2:ffff::99"_s), 0, 5), 1);
        QCOMPARE(takes(limiter, QHostAddress(u"2001:db8:1:3::1"_s), 0, 5), 2);
        // An IPv4 address seen through an IPv6 socket is the same source.
        QCOMPARE(RejectionLimiter::sourceKey(QHostAddress(u"::ffff:203.0.113.7"_s)), RejectionLimiter::sourceKey(kA));
    }

    void aFullTableTakesNoNewSourceUntilOldOnesRefill()
    {
        RejectionLimits l = limits(1, 60); // one a second
        l.maxSources = 2;
        RejectionLimiter limiter(l);
        QVERIFY(limiter.tryTake(kA, 0));
        QVERIFY(limiter.tryTake(kB, 0));
        const QHostAddress c(u"192.0.2.1"_s);
        QVERIFY(!limiter.tryTake(c, 10)); // both remembered sources are still owed a token
        QVERIFY(!limiter.tryTake(c, 1000)); // refilled, but the table is looked over at most once a second
        QVERIFY(limiter.tryTake(c, 1010)); // now the refilled sources are forgotten: room again
    }
};

QTEST_GUILESS_MAIN(TestRejectionLimiter)
#include "tst_rejectionlimiter.moc"
