#include "core/service/ServiceSupport.h"

#include <QDateTime>
#include <QRandomGenerator>

using namespace Qt::StringLiterals;

namespace paydesk::service {

QString newReference(const QString& prefix, qint64 nowMs)
{
    const QString stamp = QDateTime::fromMSecsSinceEpoch(nowMs, Qt::UTC).toString(u"yyyyMMddHHmmss"_s);
    quint64 random = QRandomGenerator::system()->generate64() & 0xFFFFFFFFFFFFull;
    return prefix + stamp + u"%1"_s.arg(random, 12, 16, QChar(u'0')).toUpper();
}

ErrorCode errorCodeFromName(const QString& name)
{
    for (int i = 0; i <= static_cast<int>(ErrorCode::Internal); ++i) {
        const auto code = static_cast<ErrorCode>(i);
        if (errorCodeName(code) == name)
            return code;
    }
    return ErrorCode::Internal;
}

qint64 chinaDayStartMs(qint64 nowMs)
{
    constexpr qint64 kDayMs = 24 * 3600 * 1000;
    constexpr qint64 kChinaOffsetMs = 8 * 3600 * 1000;
    const qint64 local = nowMs + kChinaOffsetMs;
    const qint64 day = local >= 0 ? local / kDayMs : (local - kDayMs + 1) / kDayMs;
    return day * kDayMs - kChinaOffsetMs;
}

qint64 backoffMs(int attempts, qint64 baseMs, qint64 capMs)
{
    qint64 delay = baseMs;
    for (int i = 0; i < attempts && delay < capMs; ++i)
        delay *= 2;
    return qMin(delay, capMs);
}

} // namespace paydesk::service
