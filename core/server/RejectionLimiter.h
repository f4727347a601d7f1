#pragma once

#include <QByteArray>
#include <QHash>
#include <QHostAddress>
#include <QMutex>

namespace paydesk {

/// How many notifications that failed verification may be stored (see RejectionLimiter). Rates are whole tokens
/// per minute; a burst is how many may be stored at once after a quiet spell.
struct RejectionLimits
{
    int perSourceBurst = 20;
    int perSourcePerMinute = 6;
    /// All sources together: a sender with many addresses still cannot make us store more than this.
    int totalBurst = 200;
    int totalPerMinute = 120;
    /// Sources remembered at once; when full, a new source may store nothing until old buckets have refilled.
    int maxSources = 4096;
};

/// Token buckets that decide whether one more unverified (hence unauthenticated) rejected notification may be
/// stored. Each stored rejection is a database row anyone can make us write by posting garbage; the first ones are
/// worth keeping (they show a misconfigured key or an attack), a flood is not. A source is an IPv4 address or an
/// IPv6 /64 (one host's usual allocation, so cycling through its addresses does not escape the limit). Behind a
/// reverse proxy every request comes from the proxy's address, and the per-source bucket becomes one shared bucket.
///
/// Integer arithmetic only: a bucket holds credit in 1/60000 of a token, and each millisecond adds `perMinute`.
/// Thread-safe: notification workers call it concurrently.
class RejectionLimiter final
{
public:
    explicit RejectionLimiter(RejectionLimits limits);

    /// True when a rejection from `source` may be stored at `nowMs` (a monotonic clock), and takes its token;
    /// false when the source's or the total allowance is used up (nothing is taken then).
    [[nodiscard]] bool tryTake(const QHostAddress& source, qint64 nowMs);

    /// The bucket key of an address: IPv4 (also when mapped into IPv6) as is, IPv6 cut to its /64.
    [[nodiscard]] static QByteArray sourceKey(const QHostAddress& address);

private:
    struct Bucket
    {
        qint64 credit = 0; ///< in 1/kUnit of a token
        qint64 atMs = 0;
    };
    static constexpr qint64 kUnit = 60000; // ms per minute: a rate of N per minute adds N units a millisecond

    void refill(Bucket& bucket, qint64 nowMs, int burst, int perMinute) const;
    void prune(qint64 nowMs);

    RejectionLimits m_limits;
    QMutex m_mutex;
    QHash<QByteArray, Bucket> m_sources;
    Bucket m_total;
    qint64 m_prunedAtMs = -1;
};

} // namespace paydesk
