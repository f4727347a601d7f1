#include "core/server/RejectionLimiter.h"

#include <QMutexLocker>

namespace paydesk {

RejectionLimiter::RejectionLimiter(RejectionLimits limits)
    : m_limits(limits)
{
    m_total.credit = qint64(qMax(0, m_limits.totalBurst)) * kUnit;
}

QByteArray RejectionLimiter::sourceKey(const QHostAddress& address)
{
    bool v4 = false;
    const quint32 ip4 = address.toIPv4Address(&v4); // also unwraps ::ffff:a.b.c.d
    if (v4) {
        QByteArray key(5, '4');
        for (int i = 0; i < 4; ++i)
            key[1 + i] = char((ip4 >> (24 - 8 * i)) & 0xff);
        return key;
    }
    const Q_IPV6ADDR ip6 = address.toIPv6Address();
    QByteArray key(9, '6');
    for (int i = 0; i < 8; ++i)
        key[1 + i] = char(ip6[i]);
    return key;
}

void RejectionLimiter::refill(Bucket& bucket, qint64 nowMs, int burst, int perMinute) const
{
    const qint64 full = qint64(qMax(0, burst)) * kUnit;
    const qint64 elapsed = qMax<qint64>(0, nowMs - bucket.atMs);
    bucket.atMs = qMax(bucket.atMs, nowMs);
    if (perMinute <= 0 || bucket.credit >= full) {
        bucket.credit = qMin(bucket.credit, full);
        return;
    }
    // Compared before multiplying, so a long quiet spell cannot overflow.
    const qint64 missing = full - bucket.credit;
    bucket.credit = elapsed >= (missing + perMinute - 1) / perMinute ? full : bucket.credit + elapsed * perMinute;
}

void RejectionLimiter::prune(qint64 nowMs)
{
    // At most once a second: under a flood from many sources the table stays full, and each new source would
    // otherwise walk it again.
    if (m_prunedAtMs >= 0 && nowMs - m_prunedAtMs < 1000)
        return;
    m_prunedAtMs = nowMs;
    const qint64 full = qint64(qMax(0, m_limits.perSourceBurst)) * kUnit;
    for (auto it = m_sources.begin(); it != m_sources.end();) {
        refill(*it, nowMs, m_limits.perSourceBurst, m_limits.perSourcePerMinute);
        // A full bucket is what a forgotten source starts with: dropping it changes nothing.
        if (it->credit >= full)
            it = m_sources.erase(it);
        else
            ++it;
    }
}

bool RejectionLimiter::tryTake(const QHostAddress& source, qint64 nowMs)
{
    QMutexLocker lock(&m_mutex);
    refill(m_total, nowMs, m_limits.totalBurst, m_limits.totalPerMinute);
    const QByteArray key = sourceKey(source);
    auto it = m_sources.find(key);
    if (it == m_sources.end()) {
        if (m_sources.size() >= m_limits.maxSources) {
            prune(nowMs);
            if (m_sources.size() >= m_limits.maxSources)
                return false;
        }
        it = m_sources.insert(key, Bucket { qint64(qMax(0, m_limits.perSourceBurst)) * kUnit, nowMs });
    } else {
        refill(*it, nowMs, m_limits.perSourceBurst, m_limits.perSourcePerMinute);
    }
    if (it->credit < kUnit || m_total.credit < kUnit)
        return false;
    it->credit -= kUnit;
    m_total.credit -= kUnit;
    return true;
}

} // namespace paydesk
