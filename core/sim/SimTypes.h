#pragma once

#include <functional>

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>

namespace paydesk::sim {

enum class SimChannel
{
    WeChat,
    Alipay
};
QString simChannelName(SimChannel channel); // "wechatpay" / "alipay"

/// Which key signs WeChat responses and notifications. Mixed alternates between the two so that a client's
/// combined verifier (pick the key by Wechatpay-Serial) is exercised on every other message.
enum class WeChatKeyMode
{
    Certificate,
    PublicKey,
    Mixed
};
QString weChatKeyModeName(WeChatKeyMode mode);
bool parseWeChatKeyMode(const QString& text, WeChatKeyMode* mode);

/// A WeChat Pay merchant the simulator accepts requests from.
struct WeChatMerchant
{
    QString mchid;
    QString appid;
    QByteArray apiV3Key; ///< 32 bytes: encrypts notification resources
    QByteArray publicKeyPem; ///< merchant API public key (SPKI PEM) or certificate PEM
    QString serialNo; ///< merchant API certificate serial (upper-case hex)
    QJsonObject toJson() const;
    static WeChatMerchant fromJson(const QJsonObject& o);
};

/// An Alipay application the simulator accepts requests from.
struct AlipayMerchant
{
    QString appId;
    QString pid; ///< seller_id / partner id (2088...)
    QByteArray appPublicKeyPem;
    QJsonObject toJson() const;
    static AlipayMerchant fromJson(const QJsonObject& o);
};

/// The state of a simulated trade. Alipay precreate orders are Created until a buyer scans them: before that the
/// trade does not exist at Alipay (query and close answer ACQ.TRADE_NOT_EXIST).
enum class OrderState
{
    Created,
    Scanned,
    Paid,
    Closed,
    PayError
};
QString orderStateName(OrderState state);

struct SimOrder
{
    SimChannel channel = SimChannel::WeChat;
    QString merchantId; ///< WeChat mchid / Alipay app_id
    QString appId; ///< WeChat appid / Alipay app_id
    QString outTradeNo;
    QString description;
    QString attach;
    qint64 totalFen = 0;
    QString notifyUrl;
    qint64 createdMs = 0;
    qint64 expiresMs = 0; ///< not payable afterwards
    QString codeUrl;
    qint64 codeUrlExpiresMs = 0; ///< the QR cannot be scanned afterwards
    qint64 payWindowMs = 0; ///< Alipay without time_expire: the trade ends this long after the scan (timeout_express)
    QString paramsDigest; ///< the create parameters, to tell a retry from a conflicting reuse of the number
    OrderState state = OrderState::Created;
    QString transactionId;
    qint64 scannedMs = 0;
    qint64 paidMs = 0;
    qint64 closedMs = 0;
    QString buyerId;

    QJsonObject toJson() const;
    static SimOrder fromJson(const QJsonObject& o);
    [[nodiscard]] bool isOpen() const { return state == OrderState::Created || state == OrderState::Scanned; }
};

enum class RefundState
{
    Processing,
    Success,
    Abnormal,
    Closed
};
QString refundStateName(RefundState state); // PROCESSING / SUCCESS / ABNORMAL / CLOSED
bool parseRefundState(const QString& text, RefundState* state);

struct SimRefund
{
    SimChannel channel = SimChannel::WeChat;
    QString merchantId;
    QString outTradeNo;
    QString outRefundNo; ///< WeChat out_refund_no / Alipay out_request_no
    QString refundId;
    qint64 refundFen = 0;
    qint64 totalFen = 0;
    QString reason;
    QString notifyUrl;
    RefundState state = RefundState::Processing;
    qint64 createdMs = 0;
    qint64 successMs = 0;

    QJsonObject toJson() const;
    static SimRefund fromJson(const QJsonObject& o);
    /// Money that left (or is leaving) the merchant: counts against the refundable balance.
    [[nodiscard]] bool reservesFunds() const
    {
        return state == RefundState::Processing || state == RefundState::Success;
    }
};

enum class DeliveryState
{
    Pending,
    Delivered,
    Failed,
    Dropped
};

/// One outgoing notification. WeChat bodies are stored unsigned and signed at each attempt (fresh timestamp and
/// nonce, as WeChat does); Alipay bodies are stored signed, so notify_id and sign stay the same across retries.
struct SimNotification
{
    qint64 id = 0;
    SimChannel channel = SimChannel::WeChat;
    QString merchantId;
    QString outTradeNo;
    QString eventKey; ///< what it reports, e.g. "TRANSACTION.SUCCESS" or "REFUND.SUCCESS:<out_refund_no>"
    QString url;
    QByteArray body;
    int attempts = 0;
    qint64 nextAttemptMs = 0;
    DeliveryState state = DeliveryState::Pending;
    int lastHttpStatus = 0;
    qint64 createdMs = 0;
};

/// An HTTP answer, built by an endpoint and written by SimServer.
struct SimResponse
{
    int status = 200;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;
    int holdMs = 0; ///< answer only after this long (the "time out" fault)
    bool dropConnection = false; ///< close the connection inside the answer's headers (a request lost on its way)
    /// Faults (see Faults): after holdMs, when the client is still connected, run this and send its answer instead
    /// (a request held before it is accepted).
    std::function<SimResponse()> afterHold = {};
    std::function<void()> onSent = {}; ///< the answer was written to the connection
    std::function<void()> onClientGone = {}; ///< the hold ended with the client gone: nothing was sent
    QString holdKey; ///< names the hold, so that Faults::releaseHold() can end it early (a test's chosen moment)

    static SimResponse json(int status, const QByteArray& body);
    static SimResponse text(int status, const QByteArray& body, const QByteArray& contentType);
};

/// A parsed inbound request, independent of Qt HttpServer's types so endpoints can be tested directly.
struct SimRequest
{
    QByteArray method; ///< upper case
    QByteArray path; ///< percent-encoded path
    QByteArray query; ///< raw query without '?', empty when none
    QByteArray body;
    QList<QPair<QByteArray, QByteArray>> headers;
    [[nodiscard]] QByteArray header(QByteArrayView name) const; ///< case-insensitive
    [[nodiscard]] QByteArray requestUri() const { return query.isEmpty() ? path : path + '?' + query; }
    [[nodiscard]] QString queryItem(const QString& key) const;
};

} // namespace paydesk::sim
