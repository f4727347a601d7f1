#include "core/sim/SimContext.h"

#include <cmath>

#include <QTimeZone>

#include "core/crypto/Random.h"
#include "core/money/Money.h"

using namespace Qt::StringLiterals;

namespace paydesk::sim {

qint64 SimContext::scaled(qint64 channelMs) const
{
    const double scale = settings.timeScale > 0 ? settings.timeScale : 1.0;
    return static_cast<qint64>(std::llround(static_cast<double>(channelMs) / scale));
}

SimContext::WeChatSigner SimContext::nextWeChatSigner()
{
    bool usePublicKey = settings.keyMode == WeChatKeyMode::PublicKey;
    if (settings.keyMode == WeChatKeyMode::Mixed)
        usePublicKey = (wechatSignCounter++ % 2) == 1;
    if (usePublicKey)
        return { &keys.wechatPublicKeyKey(), keys.wechatPublicKeyId() };
    return { &keys.wechatCertKey(), keys.wechatCertSerial() };
}

std::optional<SimOrder> SimContext::findOrder(const QString& outTradeNo) const
{
    const auto list = store.ordersByNumber(outTradeNo);
    if (list.isEmpty())
        return std::nullopt;
    return list.first();
}

QDateTime chinaTime(qint64 msSinceEpoch)
{
    return QDateTime::fromMSecsSinceEpoch(msSinceEpoch, QTimeZone(8 * 3600));
}

QString rfc3339(qint64 msSinceEpoch)
{
    return chinaTime(msSinceEpoch).toString(u"yyyy-MM-ddTHH:mm:ss+08:00"_s);
}

QString alipayTime(qint64 msSinceEpoch)
{
    return chinaTime(msSinceEpoch).toString(u"yyyy-MM-dd HH:mm:ss"_s);
}

QString yuan(qint64 fen)
{
    return Money::fen(fen).toDecimalString();
}

QString randomDigits(int count)
{
    const QByteArray bytes = crypto::randomBytes(count);
    QString s;
    for (char b : bytes)
        s.append(QChar(u'0' + static_cast<unsigned char>(b) % 10));
    return s;
}

} // namespace paydesk::sim
