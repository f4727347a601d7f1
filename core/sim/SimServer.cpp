#include "core/sim/SimServer.h"

#include <QDir>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QPointer>
#include <QStandardPaths>
#include <QTcpSocket>
#include <QTimer>

#include "core/log/Log.h"
#include "core/sim/AlipayEndpoints.h"
#include "core/sim/Notifier.h"
#include "core/sim/SimControl.h"
#include "core/sim/SimTrades.h"
#include "core/sim/WeChatEndpoints.h"

using namespace Qt::StringLiterals;

namespace paydesk::sim {

namespace {

QByteArray methodName(QHttpServerRequest::Method m)
{
    switch (m) {
    case QHttpServerRequest::Method::Get:
        return QByteArrayLiteral("GET");
    case QHttpServerRequest::Method::Post:
        return QByteArrayLiteral("POST");
    case QHttpServerRequest::Method::Put:
        return QByteArrayLiteral("PUT");
    case QHttpServerRequest::Method::Delete:
        return QByteArrayLiteral("DELETE");
    case QHttpServerRequest::Method::Head:
        return QByteArrayLiteral("HEAD");
    case QHttpServerRequest::Method::Options:
        return QByteArrayLiteral("OPTIONS");
    case QHttpServerRequest::Method::Patch:
        return QByteArrayLiteral("PATCH");
    default:
        return QByteArrayLiteral("OTHER");
    }
}

void writeResponse(QHttpServerResponder& responder, const SimResponse& r)
{
    responder.writeStatusLine(static_cast<QHttpServerResponder::StatusCode>(r.status));
    for (const auto& [k, v] : r.headers)
        responder.writeHeader(k, v);
    if (r.status != 204)
        responder.writeHeader(QByteArrayLiteral("Content-Length"), QByteArray::number(r.body.size()));
    responder.writeBody(r.body);
}

} // namespace

SimServer::SimServer(SimOptions options, QObject* parent)
    : QAbstractHttpServer(parent)
    , m_options(std::move(options))
{
    m_ctx.clock = m_options.clock ? m_options.clock : &SystemClock::instance();
    m_ctx.stateDir = m_options.stateDir.isEmpty()
        ? QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation) + u"/sim"_s
        : m_options.stateDir;
    m_ctx.settings.timeScale = m_options.timeScale;
    m_ctx.settings.keyMode = m_options.keyMode;
    m_ctx.settings.autoCompleteRefunds = m_options.autoCompleteRefunds;
    m_trades = std::make_unique<SimTrades>(m_ctx);
    m_notifier = std::make_unique<Notifier>(m_ctx);
    m_ctx.trades = m_trades.get();
    m_ctx.notifier = m_notifier.get();
    m_wechat = std::make_unique<WeChatEndpoints>(m_ctx);
    m_alipay = std::make_unique<AlipayEndpoints>(m_ctx);
    m_control = std::make_unique<SimControl>(m_ctx);
}

SimServer::~SimServer() = default;

Status SimServer::start()
{
    if (!QDir().mkpath(m_ctx.stateDir))
        return fail(ErrorCode::Internal, u"cannot create the state directory %1"_s.arg(m_ctx.stateDir));
    if (auto st = m_ctx.store.open(m_ctx.stateDir + u"/paydesk-sim.sqlite"_s); !st)
        return st;
    if (auto st = m_ctx.keys.loadOrCreate(m_ctx.stateDir, m_options.keyFiles, m_ctx.clock->nowSecs()); !st)
        return st;
    if (auto st = loadMerchants(); !st)
        return st;
    if (m_options.createDemoMerchants) {
        if (auto st = ensureDemoMerchants(); !st)
            return st;
    }
    m_trades->resumeRefunds();
    m_notifier->resume();
    return {};
}

Result<quint16> SimServer::listenOn(const QHostAddress& address, quint16 port)
{
    m_port = listen(address, port);
    if (m_port == 0)
        return fail(ErrorCode::NetworkError, u"cannot listen on %1:%2"_s.arg(address.toString()).arg(port));
    const QString host = address == QHostAddress::Any || address == QHostAddress::AnyIPv4
        ? u"127.0.0.1"_s
        : (address.protocol() == QAbstractSocket::IPv6Protocol ? u"[%1]"_s.arg(address.toString())
                                                               : address.toString());
    m_ctx.settings.baseUrl = u"http://%1:%2"_s.arg(host).arg(m_port);
    log::sim()->info("paydesk-sim listening on {}", m_ctx.settings.baseUrl);
    return m_port;
}

QString SimServer::baseUrl() const
{
    return m_ctx.settings.baseUrl;
}

QString SimServer::alipayGatewayUrl() const
{
    return m_ctx.settings.baseUrl + u"/gateway.do"_s;
}

Status SimServer::loadMerchants()
{
    for (const QJsonObject& o : m_ctx.store.merchants(SimChannel::WeChat)) {
        const WeChatMerchant m = WeChatMerchant::fromJson(o);
        m_ctx.wechatMerchants.insert(m.mchid, m);
    }
    for (const QJsonObject& o : m_ctx.store.merchants(SimChannel::Alipay)) {
        const AlipayMerchant m = AlipayMerchant::fromJson(o);
        m_ctx.alipayMerchants.insert(m.appId, m);
    }
    return {};
}

Status SimServer::ensureDemoMerchants()
{
    if (m_ctx.store.meta(u"demo_wechat_mchid"_s).isEmpty() && m_ctx.wechatMerchants.isEmpty()) {
        auto demo = createDemoWeChatMerchant(m_ctx.stateDir, m_ctx.clock->nowSecs());
        if (!demo)
            return tl::unexpected(demo.error());
        if (auto st = addWeChatMerchant(demo->merchant); !st)
            return st;
        if (auto st = m_ctx.store.setMeta(u"demo_wechat_mchid"_s, demo->merchant.mchid); !st)
            return st;
    }
    if (m_ctx.store.meta(u"demo_alipay_app_id"_s).isEmpty() && m_ctx.alipayMerchants.isEmpty()) {
        auto demo = createDemoAlipayMerchant(m_ctx.stateDir);
        if (!demo)
            return tl::unexpected(demo.error());
        if (auto st = addAlipayMerchant(demo->merchant); !st)
            return st;
        if (auto st = m_ctx.store.setMeta(u"demo_alipay_app_id"_s, demo->merchant.appId); !st)
            return st;
    }
    return {};
}

Status SimServer::addWeChatMerchant(const WeChatMerchant& m)
{
    static const QRegularExpression kSerial(u"^[0-9A-Fa-f]{1,64}$"_s);
    if (m.mchid.isEmpty() || m.appid.isEmpty())
        return fail(ErrorCode::InvalidArgument, u"a WeChat merchant needs mchid and appid"_s);
    if (m.apiV3Key.size() != 32)
        return fail(ErrorCode::InvalidArgument, u"the APIv3 key must be 32 bytes"_s);
    if (!kSerial.match(m.serialNo).hasMatch())
        return fail(ErrorCode::InvalidArgument, u"the merchant certificate serial must be hex"_s);
    if (auto key = crypto::RsaPublicKey::fromPem(m.publicKeyPem); !key)
        return fail(ErrorCode::KeyInvalid, u"merchant public key: %1"_s.arg(key.error().detail));
    if (auto st = m_ctx.store.putMerchant(SimChannel::WeChat, m.mchid, m.toJson()); !st)
        return st;
    m_ctx.wechatMerchants.insert(m.mchid, m);
    return {};
}

Status SimServer::addAlipayMerchant(const AlipayMerchant& m)
{
    if (m.appId.isEmpty() || m.pid.isEmpty())
        return fail(ErrorCode::InvalidArgument, u"an Alipay merchant needs app_id and pid"_s);
    if (auto key = crypto::RsaPublicKey::fromPem(m.appPublicKeyPem); !key)
        return fail(ErrorCode::KeyInvalid, u"app public key: %1"_s.arg(key.error().detail));
    if (auto st = m_ctx.store.putMerchant(SimChannel::Alipay, m.appId, m.toJson()); !st)
        return st;
    m_ctx.alipayMerchants.insert(m.appId, m);
    return {};
}

std::optional<DemoWeChatMerchant> SimServer::demoWeChatMerchant() const
{
    const QString mchid = m_ctx.store.meta(u"demo_wechat_mchid"_s);
    if (mchid.isEmpty() || !m_ctx.wechatMerchants.contains(mchid))
        return std::nullopt;
    DemoWeChatMerchant d = demoWeChatFiles(m_ctx.stateDir);
    d.merchant = m_ctx.wechatMerchants.value(mchid);
    return d;
}

std::optional<DemoAlipayMerchant> SimServer::demoAlipayMerchant() const
{
    const QString appId = m_ctx.store.meta(u"demo_alipay_app_id"_s);
    if (appId.isEmpty() || !m_ctx.alipayMerchants.contains(appId))
        return std::nullopt;
    DemoAlipayMerchant d = demoAlipayFiles(m_ctx.stateDir);
    d.merchant = m_ctx.alipayMerchants.value(appId);
    return d;
}

Result<SimOrder> SimServer::scan(const QString& outTradeNo)
{
    return m_trades->scan(outTradeNo);
}
Result<SimOrder> SimServer::pay(const QString& outTradeNo)
{
    return m_trades->pay(outTradeNo);
}
Result<SimOrder> SimServer::failPayment(const QString& outTradeNo)
{
    return m_trades->fail(outTradeNo);
}

Result<SimRefund> SimServer::completeRefund(const QString& outRefundNo, RefundState state)
{
    return m_trades->completeRefund(outRefundNo, state);
}

QList<SimOrder> SimServer::orders() const
{
    return m_ctx.store.orders();
}
std::optional<SimOrder> SimServer::order(const QString& outTradeNo) const
{
    return m_ctx.findOrder(outTradeNo);
}
QList<SimRefund> SimServer::refunds() const
{
    return m_ctx.store.refunds();
}
QList<SimNotification> SimServer::notifications() const
{
    return m_ctx.store.notifications(false);
}
void SimServer::setFaults(const QString& outTradeNo, const FaultSet& faults)
{
    m_ctx.faults.set(outTradeNo, faults);
}
void SimServer::clearFaults()
{
    m_ctx.faults.clear();
}
void SimServer::setKeyMode(WeChatKeyMode mode)
{
    m_ctx.settings.keyMode = mode;
}
void SimServer::setTimeScale(double scale)
{
    m_ctx.settings.timeScale = scale;
}
void SimServer::addBillDifference(const BillDifference& d)
{
    m_ctx.billDifferences.append(d);
}
void SimServer::clearBillDifferences()
{
    m_ctx.billDifferences.clear();
}

void SimServer::setAutoCompleteRefunds(bool on, qint64 delayMs)
{
    m_ctx.settings.autoCompleteRefunds = on;
    if (delayMs >= 0)
        m_ctx.settings.refundCompleteDelayMs = delayMs;
}

SimResponse SimServer::dispatch(const SimRequest& request)
{
    if (SimControl::handles(request))
        return m_control->handle(request);
    if (AlipayEndpoints::handles(request))
        return m_alipay->handle(request);
    if (WeChatEndpoints::handles(request))
        return m_wechat->handle(request);
    return SimResponse::json(404, QByteArrayLiteral("{\"code\":\"NOT_FOUND\",\"message\":\"no such endpoint\"}"));
}

bool SimServer::handleRequest(const QHttpServerRequest& request, QTcpSocket* socket)
{
    SimRequest r;
    r.method = methodName(request.method());
    r.path = request.url().path(QUrl::FullyEncoded).toUtf8();
    r.query = request.url().query(QUrl::FullyEncoded).toUtf8();
    r.body = request.body();
    r.headers = request.headers();
    const SimResponse response = dispatch(r);
    deliver(std::make_shared<QHttpServerResponder>(makeResponder(request, socket)), socket, response);
    return true;
}

void SimServer::deliver(
    const std::shared_ptr<QHttpServerResponder>& responder, QPointer<QTcpSocket> socket, const SimResponse& response)
{
    if (response.dropConnection) {
        // Cut off inside the answer: a client's network layer resends a POST whose connection closed before any
        // byte came back (Qt does, twice), which would hide the fault; one that got part of an answer reports it.
        // Deferred: the server still reads from the socket when this returns.
        if (socket) {
            QTimer::singleShot(0, socket, [socket] {
                socket->write("HTTP/1.1 502 Bad Gateway\r\nContent-Type: application/json\r\n"
                              "Content-Length: 64\r\n\r\n");
                socket->disconnectFromHost();
            });
        }
        return;
    }
    if (response.holdMs <= 0) {
        writeResponse(*responder, response);
        if (response.onSent)
            response.onSent();
        return;
    }
    // The "time out" fault: answer after the client gave up. The socket may be gone by then.
    auto* timer = new QTimer(this);
    timer->setSingleShot(true);
    connect(timer, &QTimer::timeout, this, [this, timer, responder, socket, response] {
        timer->deleteLater();
        if (!socket || socket->state() != QAbstractSocket::ConnectedState) {
            if (response.onClientGone)
                response.onClientGone();
            return;
        }
        SimResponse next = response.afterHold ? response.afterHold() : response;
        if (!response.afterHold)
            next.holdMs = 0;
        deliver(responder, socket, next);
    });
    timer->start(response.holdMs);
    if (!response.holdKey.isEmpty())
        m_ctx.faults.registerHold(response.holdKey, timer);
}

void SimServer::missingHandler(const QHttpServerRequest& request, QTcpSocket* socket)
{
    auto responder = makeResponder(request, socket);
    writeResponse(responder, SimResponse::json(404, QByteArrayLiteral("{\"code\":\"NOT_FOUND\"}")));
}

} // namespace paydesk::sim
