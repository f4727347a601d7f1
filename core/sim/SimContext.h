#pragma once

#include <optional>

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QString>

#include "core/sim/Faults.h"
#include "core/sim/SimKeys.h"
#include "core/sim/SimStore.h"
#include "core/sim/SimTypes.h"
#include "core/util/Clock.h"

namespace paydesk::sim {

class Notifier;
class SimTrades;

/// Behaviour switches of a running simulator.
struct SimSettings
{
    double timeScale = 1.0; ///< retry schedules and refund completion run this many times faster
    WeChatKeyMode keyMode = WeChatKeyMode::Certificate;
    bool autoCompleteRefunds = true;
    qint64 refundCompleteDelayMs = 5000; ///< before time scaling
    QString baseUrl; ///< http://127.0.0.1:PORT once listening (bill download URLs point here)
};

/// A bill file handed out by URL with a one-time-ish token.
struct BillFile
{
    QByteArray bytes;
    QByteArray contentType;
    qint64 expiresMs = 0; ///< real time
};

/// Everything the endpoints, the customer (SimTrades) and the notifier share. Owned by SimServer; all of it is
/// used from the server's thread.
struct SimContext
{
    const Clock* clock = nullptr;
    QString stateDir;
    SimStore store;
    SimKeys keys;
    Faults faults;
    SimSettings settings;
    QList<BillDifference> billDifferences;
    QHash<QString, BillFile> billFiles; ///< by token
    QHash<QString, WeChatMerchant> wechatMerchants; ///< by mchid
    QHash<QString, AlipayMerchant> alipayMerchants; ///< by app_id
    Notifier* notifier = nullptr;
    SimTrades* trades = nullptr;
    quint64 wechatSignCounter = 0;

    [[nodiscard]] qint64 nowMs() const { return clock->nowMSecs(); }
    [[nodiscard]] static qint64 realNowMs() { return QDateTime::currentMSecsSinceEpoch(); }
    /// Scales a channel delay (retry intervals, refund completion) by the time scale, in real milliseconds.
    [[nodiscard]] qint64 scaled(qint64 channelMs) const;

    /// The key and serial the next WeChat response or notification is signed with (alternates in Mixed mode).
    struct WeChatSigner
    {
        const crypto::RsaPrivateKey* key = nullptr;
        QString serial;
    };
    [[nodiscard]] WeChatSigner nextWeChatSigner();

    [[nodiscard]] std::optional<SimOrder> findOrder(const QString& outTradeNo) const; ///< newest with this number
};

/// China Standard Time, the zone both channels print times in.
[[nodiscard]] QDateTime chinaTime(qint64 msSinceEpoch);
/// RFC 3339 with +08:00, as WeChat prints: 2018-06-08T10:34:56+08:00.
[[nodiscard]] QString rfc3339(qint64 msSinceEpoch);
/// yyyy-MM-dd HH:mm:ss in China time, as Alipay prints.
[[nodiscard]] QString alipayTime(qint64 msSinceEpoch);
/// Yuan with two decimals from fen: 1234 -> "12.34".
[[nodiscard]] QString yuan(qint64 fen);
/// Random decimal digits.
[[nodiscard]] QString randomDigits(int count);

} // namespace paydesk::sim
