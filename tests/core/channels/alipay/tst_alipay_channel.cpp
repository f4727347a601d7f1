// AlipayChannel over real HTTP on loopback: a QHttpServer plays the gateway. It checks every request's RSA2
// signature with the app public key and answers with responses signed by a generated "Alipay" key.

#include <map>

#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponse>
#include <QTcpServer>
#include <QTcpSocket>
#include <QUrlQuery>

#include "core/channels/alipay/AlipayAmount.h"
#include "core/channels/alipay/AlipayChannel.h"
#include "core/channels/alipay/FormCodec.h"
#include "core/channels/alipay/SignContent.h"
#include "tests/core/channels/alipay/AlipayTestSupport.h"

using namespace paydesk;
using namespace paydesk::alipay;
using namespace paydesk::test::alipay;
using namespace Qt::StringLiterals;

namespace {

enum class Signing
{
    Good,
    Forged,
    Unsigned
};

struct Order
{
    QString amount;
    bool scanned = false;
    bool paid = false;
    bool closed = false;
    std::map<QString, QString> refunds; // out_request_no -> amount
};

// The test's own, independent reading of a gateway form: '+' -> ' ', %XX, then a std::map sort.
std::map<QString, QString> readForm(const QByteArray& body)
{
    std::map<QString, QString> out;
    for (const QByteArray& part : body.split('&')) {
        const qsizetype eq = part.indexOf('=');
        QByteArray k = part.left(eq), v = part.mid(eq + 1);
        out[QString::fromUtf8(QByteArray::fromPercentEncoding(k.replace('+', ' ')))] =
            QString::fromUtf8(QByteArray::fromPercentEncoding(v.replace('+', ' ')));
    }
    return out;
}

class FakeGateway
{
public:
    FakeGateway(const crypto::RsaPublicKey& appKey, const crypto::RsaPrivateKey& alipayKey, const Clock& clock)
        : m_appKey(appKey)
        , m_alipayKey(alipayKey)
        , m_clock(clock)
    {
        m_server.route(u"/gateway.do"_s, [this](const QHttpServerRequest& r) {
            return handle(r);
        });
        m_server.route(u"/bill.zip"_s, [this](const QHttpServerRequest&) {
            return QHttpServerResponse("application/zip"_ba, m_billZip);
        });
        m_port = m_server.listen(QHostAddress::LocalHost, 0);
    }
    QUrl url() const { return QUrl(u"http://127.0.0.1:%1/gateway.do"_s.arg(m_port)); }
    quint16 port() const { return m_port; }

    std::map<QString, Order> orders;
    QByteArray billZip() const { return m_billZip; }
    void setBillZip(QByteArray z) { m_billZip = std::move(z); }
    // The next answers: a forced (code, sub_code) and how to sign.
    QString forceCode, forceSubCode;
    int forceTimes = 0;
    Signing signing = Signing::Good;
    bool asErrorResponse = false;
    int requests = 0;
    int badRequestSignatures = 0;
    std::map<QString, QString> lastParams;
    QJsonObject lastBiz;

private:
    QHttpServerResponse handle(const QHttpServerRequest& req)
    {
        ++requests;
        auto p = readForm(req.body());
        lastParams = p;
        const QString method = p[u"method"_s];
        // Independent sign content: every param but sign, sorted, k=v joined with '&'.
        QByteArray content;
        for (const auto& [k, v] : p) {
            if (k == u"sign" || v.isEmpty())
                continue;
            content += (content.isEmpty() ? ""_ba : "&"_ba) + k.toUtf8() + '=' + v.toUtf8();
        }
        const QByteArray sig = QByteArray::fromBase64(p[u"sign"_s].toLatin1());
        const bool publicOk = p[u"app_id"_s] == u"2019090366875133" && p[u"format"_s] == u"JSON"
            && p[u"charset"_s] == u"utf-8" && p[u"sign_type"_s] == u"RSA2" && p[u"version"_s] == u"1.0"
            && p[u"timestamp"_s] == formatChinaTime(m_clock.nowUtc());
        if (!m_appKey.verifySha256(content, sig) || !publicOk) {
            ++badRequestSignatures;
            return reply(u"error_response"_s, error(u"40002"_s, u"isv.invalid-signature"_s), Signing::Unsigned);
        }
        lastBiz = QJsonDocument::fromJson(p[u"biz_content"_s].toUtf8()).object();
        const QString key = QString(method).replace(u'.', u'_') + u"_response"_s;
        if (forceTimes > 0) {
            --forceTimes;
            return reply(asErrorResponse ? u"error_response"_s : key, error(forceCode, forceSubCode), signing);
        }
        return reply(key, business(method), signing);
    }

    static QJsonObject error(const QString& code, const QString& subCode)
    {
        return QJsonObject { { u"code"_s, code },
            { u"msg"_s, u"Business Failed"_s },
            { u"sub_code"_s, subCode },
            { u"sub_msg"_s, u"测试：%1"_s.arg(subCode) } };
    }
    static QJsonObject ok(QJsonObject o)
    {
        o.insert(u"code"_s, u"10000"_s);
        o.insert(u"msg"_s, u"Success"_s);
        return o;
    }

    QJsonObject business(const QString& method)
    {
        const QString no = lastBiz.value("out_trade_no"_L1).toString();
        const bool known = orders.count(no) > 0;
        Order* o = known ? &orders[no] : nullptr;
        if (method == u"alipay.trade.precreate") {
            orders[no].amount = lastBiz.value("total_amount"_L1).toString();
            return ok({ { u"out_trade_no"_s, no }, { u"qr_code"_s, QString(u"https://qr.alipay.com/bax0"_s + no) } });
        }
        if (method == u"alipay.data.dataservice.bill.downloadurl.query")
            return ok({ { u"bill_download_url"_s, u"http://127.0.0.1:%1/bill.zip?t=1"_s.arg(m_port) } });
        if (!o || !o->scanned)
            return error(u"40004"_s, u"ACQ.TRADE_NOT_EXIST"_s);
        if (method == u"alipay.trade.query") {
            QJsonObject r { { u"out_trade_no"_s, no },
                { u"trade_no"_s, QString(u"2024T"_s + no) },
                { u"trade_status"_s,
                    o->paid         ? u"TRADE_SUCCESS"_s
                        : o->closed ? u"TRADE_CLOSED"_s
                                    : u"WAIT_BUYER_PAY"_s },
                { u"total_amount"_s, o->amount } };
            if (o->paid) {
                r.insert(u"buyer_pay_amount"_s, o->amount);
                r.insert(u"send_pay_date"_s, u"2024-01-02 10:00:00"_s);
            }
            return ok(r);
        }
        if (method == u"alipay.trade.close") {
            if (o->paid)
                return error(u"40004"_s, u"ACQ.TRADE_STATUS_ERROR"_s);
            o->closed = true;
            return ok({ { u"out_trade_no"_s, no }, { u"trade_no"_s, QString(u"2024T"_s + no) } });
        }
        if (method == u"alipay.trade.refund") {
            if (!o->paid)
                return error(u"40004"_s, u"ACQ.TRADE_STATUS_ERROR"_s);
            const QString req = lastBiz.value("out_request_no"_L1).toString();
            const bool repeat = o->refunds.count(req) > 0;
            o->refunds[req] = lastBiz.value("refund_amount"_L1).toString();
            return ok({ { u"out_trade_no"_s, no },
                { u"trade_no"_s, QString(u"2024T"_s + no) },
                { u"fund_change"_s, repeat ? u"N"_s : u"Y"_s },
                { u"refund_fee"_s, o->refunds[req] },
                { u"gmt_refund_pay"_s, u"2024-01-02 11:00:00"_s } });
        }
        if (method == u"alipay.trade.fastpay.refund.query") {
            const QString req = lastBiz.value("out_request_no"_L1).toString();
            QJsonObject r { { u"out_trade_no"_s, no }, { u"out_request_no"_s, req }, { u"total_amount"_s, o->amount } };
            if (o->refunds.count(req) > 0) {
                r.insert(u"refund_status"_s, u"REFUND_SUCCESS"_s);
                r.insert(u"refund_amount"_s, o->refunds[req]);
                r.insert(u"gmt_refund_pay"_s, u"2024-01-02 11:00:00"_s);
            }
            return ok(r);
        }
        return error(u"40004"_s, u"ACQ.INVALID_PARAMETER"_s);
    }

    QHttpServerResponse reply(const QString& key, const QJsonObject& inner, Signing how)
    {
        // Escape '/' as the real gateway does, so the "\/" bytes are what is signed and sent.
        QByteArray innerText = QJsonDocument(inner).toJson(QJsonDocument::Compact).replace("/", "\\/");
        QByteArray body = "{\"" + key.toUtf8() + "\":" + innerText;
        if (how != Signing::Unsigned) {
            const auto& signer = how == Signing::Good ? m_alipayKey : generatedKey(1);
            body += ",\"sign\":\"" + signRsa2(signer, innerText)->replace("/", "\\/") + "\"";
        }
        body += "}";
        return QHttpServerResponse("application/json;charset=utf-8"_ba, body);
    }

    QHttpServer m_server;
    quint16 m_port = 0;
    crypto::RsaPublicKey m_appKey;
    crypto::RsaPrivateKey m_alipayKey;
    const Clock& m_clock;
    QByteArray m_billZip;
};

} // namespace

class TestAlipayChannel final : public QObject
{
    Q_OBJECT
private:
    FixedClock m_clock { QDateTime(QDate(2024, 1, 2), QTime(1, 59, 0), Qt::UTC) };
    std::unique_ptr<FakeGateway> m_gw;
    std::unique_ptr<AlipayChannel> m_channel;

    CreateQrRequest qr(const QString& no, qint64 fen) const
    {
        CreateQrRequest r;
        r.outTradeNo = no;
        r.amount = Money::fen(fen);
        r.description = u"收银台 & 测试"_s;
        r.expiresAt = m_clock.nowUtc().addSecs(15 * 60 + 30);
        return r;
    }

private Q_SLOTS:
    void initTestCase()
    {
        const auto appKey = appPrivateKey();
        const auto& alipayKey = generatedKey(0);
        m_gw = std::make_unique<FakeGateway>(publicOf(appKey), alipayKey, m_clock);
        QVERIFY(m_gw->port() != 0);
        m_gw->setBillZip(billZip(sampleCsv()));
        AlipayConfig c;
        c.appId = u"2019090366875133"_s;
        c.appPrivateKey = appKey;
        c.alipayPublicKey = publicOf(alipayKey);
        c.gatewayUrl = m_gw->url();
        c.notifyUrl = u"https://pay.example.com/notify/alipay"_s;
        c.timeoutMs = 5000;
        c.retryDelayMs = 0;
        c.clock = &m_clock;
        auto ch = AlipayChannel::create(c);
        QVERIFY(ch);
        m_channel = std::move(*ch);
        AlipayConfig noKey = c;
        noKey.alipayPublicKey = {};
        QCOMPARE(AlipayChannel::create(noKey).error().code, ErrorCode::KeyInvalid);
    }
    void cleanup()
    {
        QCOMPARE(m_gw->badRequestSignatures, 0);
        m_gw->forceTimes = 0;
        m_gw->signing = Signing::Good;
        m_gw->asErrorResponse = false;
    }

    void precreateQueryPayRefund()
    {
        const auto created = m_channel->createQr(qr(u"PD20240102001"_s, 1));
        QVERIFY2(created, created ? "" : qPrintable(created.error().detail));
        QCOMPARE(created->codeUrl, u"https://qr.alipay.com/bax0PD20240102001"_s);
        QCOMPARE(m_gw->lastParams[u"method"_s], u"alipay.trade.precreate"_s);
        QCOMPARE(m_gw->lastParams[u"notify_url"_s], u"https://pay.example.com/notify/alipay"_s);
        QCOMPARE(m_gw->lastParams[u"timestamp"_s], u"2024-01-02 09:59:00"_s);
        QCOMPARE(m_gw->lastBiz.value("total_amount"_L1).toString(), u"0.01"_s);
        // The order's own end, absolute, in China time (timeout_express would count from the scan).
        QCOMPARE(m_gw->lastBiz.value("time_expire"_L1).toString(), u"2024-01-02 10:14:30"_s);
        QVERIFY(!m_gw->lastBiz.contains("timeout_express"_L1));
        QCOMPARE(m_gw->lastBiz.value("subject"_L1).toString(), u"收银台 & 测试"_s);

        // Before the scan Alipay does not know the order: NotPaid, not an error.
        auto q = m_channel->query(u"PD20240102001"_s);
        QVERIFY2(q, q ? "" : qPrintable(q.error().detail));
        QCOMPARE(q->state, TradeState::NotPaid);
        QVERIFY(!q->total);

        m_gw->orders[u"PD20240102001"_s].scanned = true;
        q = m_channel->query(u"PD20240102001"_s);
        QVERIFY(q);
        QCOMPARE(q->state, TradeState::NotPaid);
        QCOMPARE(q->rawState, u"WAIT_BUYER_PAY"_s);

        m_gw->orders[u"PD20240102001"_s].paid = true;
        q = m_channel->query(u"PD20240102001"_s);
        QVERIFY(q);
        QCOMPARE(q->state, TradeState::Paid);
        QCOMPARE(q->total->minorUnits(), 1);
        QCOMPARE(q->transactionId, u"2024TPD20240102001"_s);
        QCOMPARE(q->successTime, QDateTime(QDate(2024, 1, 2), QTime(2, 0), Qt::UTC));

        // Closing a paid trade: OrderPaid.
        QCOMPARE(m_channel->close(u"PD20240102001"_s).error().code, ErrorCode::OrderPaid);

        RefundRequest rr;
        rr.outTradeNo = u"PD20240102001"_s;
        rr.outRefundNo = u"RF20240102001"_s;
        rr.refund = Money::fen(1);
        rr.total = Money::fen(1);
        rr.reason = u"退货"_s;
        auto r = m_channel->refund(rr);
        QVERIFY2(r, r ? "" : qPrintable(r.error().detail));
        QCOMPARE(r->state, RefundState::Succeeded);
        QCOMPARE(r->refund->minorUnits(), 1);
        QCOMPARE(m_gw->lastBiz.value("out_request_no"_L1).toString(), u"RF20240102001"_s);
        QCOMPARE(m_gw->lastBiz.value("refund_amount"_L1).toString(), u"0.01"_s);
        // A retry with the same out_request_no: fund_change N, confirmed by the refund query.
        const int before = m_gw->requests;
        r = m_channel->refund(rr);
        QVERIFY(r);
        QCOMPARE(r->state, RefundState::Succeeded);
        QCOMPARE(m_gw->requests, before + 2);
        QCOMPARE(m_gw->lastParams[u"method"_s], u"alipay.trade.fastpay.refund.query"_s);

        auto rq = m_channel->queryRefund(u"PD20240102001"_s, u"RF20240102001"_s);
        QVERIFY(rq);
        QCOMPARE(rq->state, RefundState::Succeeded);
        QCOMPARE(rq->refund->minorUnits(), 1);
        QCOMPARE(rq->successTime, QDateTime(QDate(2024, 1, 2), QTime(3, 0), Qt::UTC));
        // No refund data in a verified answer: Alipay never carried that refund out; it may be sent again.
        rq = m_channel->queryRefund(u"PD20240102001"_s, u"RF-unknown"_s);
        QVERIFY(!rq);
        QCOMPARE(rq.error().code, ErrorCode::OrderNotExist);
        QVERIFY(rq.error().definite);
    }

    void closeBeforeAndAfterScan()
    {
        QVERIFY(m_channel->createQr(qr(u"PD20240102002"_s, 250)));
        QVERIFY(m_channel->close(u"PD20240102002"_s)); // never scanned: TRADE_NOT_EXIST counts as closed
        m_gw->orders[u"PD20240102002"_s].scanned = true;
        QVERIFY(m_channel->close(u"PD20240102002"_s));
        QVERIFY(m_gw->orders[u"PD20240102002"_s].closed);
        auto q = m_channel->query(u"PD20240102002"_s);
        QVERIFY(q);
        QCOMPARE(q->state, TradeState::Closed);
        QCOMPARE(q->total->minorUnits(), 250);
    }

    void requestValidation()
    {
        const int before = m_gw->requests;
        auto bad = qr(u"PD-X"_s, 0);
        QCOMPARE(m_channel->createQr(bad).error().code, ErrorCode::InvalidAmount);
        bad = qr(u"PD-X"_s, 1);
        bad.expiresAt = m_clock.nowUtc().addSecs(30);
        QCOMPARE(m_channel->createQr(bad).error().code, ErrorCode::InvalidArgument);
        bad = qr(QString(), 1);
        QCOMPARE(m_channel->createQr(bad).error().code, ErrorCode::InvalidArgument);
        // Refused before anything was sent: certainly without effect.
        QVERIFY(m_channel->createQr(bad).error().definite);
        QVERIFY(m_channel->refund(RefundRequest { u"PD-X"_s, {}, u"RF-X"_s, Money::fen(0), Money::fen(1), {}, {} })
                    .error()
                    .definite);
        QVERIFY(m_channel->close(QString()).error().definite);
        QCOMPARE(m_gw->requests, before);
    }

    void errorMapping_data()
    {
        QTest::addColumn<QString>("method");
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("subCode");
        QTest::addColumn<bool>("errorResponse");
        QTest::addColumn<int>("expected");
        QTest::addColumn<int>("requests");
        QTest::addColumn<bool>("definite");
        const int paid = int(ErrorCode::OrderPaid), closed = int(ErrorCode::OrderClosed);
        QTest::newRow("precreate has success")
            << u"precreate"_s << u"40004"_s << u"ACQ.TRADE_HAS_SUCCESS"_s << false << paid << 1 << true;
        QTest::newRow("precreate has close")
            << u"precreate"_s << u"40004"_s << u"ACQ.TRADE_HAS_CLOSE"_s << false << closed << 1 << true;
        QTest::newRow("refund balance") << u"refund"_s << u"40004"_s << u"ACQ.SELLER_BALANCE_NOT_ENOUGH"_s << false
                                        << int(ErrorCode::NotEnoughBalance) << 1 << true;
        QTest::newRow("refund no trade") << u"refund"_s << u"40004"_s << u"ACQ.TRADE_NOT_EXIST"_s << false
                                         << int(ErrorCode::OrderNotExist) << 1 << true;
        QTest::newRow("refund query no trade") << u"refundquery"_s << u"40004"_s << u"ACQ.TRADE_NOT_EXIST"_s << false
                                               << int(ErrorCode::OrderNotExist) << 1 << true;
        QTest::newRow("query system error retried") << u"query"_s << u"40004"_s << u"ACQ.SYSTEM_ERROR"_s << false
                                                    << int(ErrorCode::ChannelSystemError) << 3 << false;
        QTest::newRow("query 20000 retried") << u"query"_s << u"20000"_s << u"isp.unknow-error"_s << false
                                             << int(ErrorCode::ChannelSystemError) << 3 << false;
        QTest::newRow("precreate system error not retried")
            << u"precreate"_s << u"20000"_s << u"isp.unknow-error"_s << false << int(ErrorCode::ChannelSystemError) << 1
            << false;
        QTest::newRow("gateway refuses our signature") << u"query"_s << u"40002"_s << u"isv.invalid-signature"_s << true
                                                       << int(ErrorCode::SignatureInvalid) << 1 << true;
        QTest::newRow("other business failure") << u"precreate"_s << u"40004"_s << u"ACQ.INVALID_PARAMETER"_s << false
                                                << int(ErrorCode::ChannelRejected) << 1 << true;
        QTest::newRow("close has success")
            << u"close"_s << u"40004"_s << u"ACQ.TRADE_HAS_SUCCESS"_s << false << paid << 1 << true;
    }
    void errorMapping()
    {
        QFETCH(QString, method);
        QFETCH(QString, code);
        QFETCH(QString, subCode);
        QFETCH(bool, errorResponse);
        QFETCH(int, expected);
        QFETCH(int, requests);
        QFETCH(bool, definite);
        m_gw->orders[u"PD-E"_s].scanned = true;
        m_gw->forceCode = code;
        m_gw->forceSubCode = subCode;
        m_gw->forceTimes = 10;
        m_gw->asErrorResponse = errorResponse;
        const int before = m_gw->requests;
        Error e;
        if (method == u"precreate")
            e = m_channel->createQr(qr(u"PD-E"_s, 1)).error();
        else if (method == u"query")
            e = m_channel->query(u"PD-E"_s).error();
        else if (method == u"close")
            e = m_channel->close(u"PD-E"_s).error();
        else if (method == u"refundquery")
            e = m_channel->queryRefund(u"PD-E"_s, u"RF-E"_s).error();
        else
            e = m_channel->refund(RefundRequest { u"PD-E"_s, {}, u"RF-E"_s, Money::fen(1), Money::fen(1), {}, {} })
                    .error();
        QCOMPARE(int(e.code), expected);
        QCOMPARE(m_gw->requests - before, requests);
        QVERIFY2(e.detail.contains(subCode), qPrintable(e.detail));
        // Every answer here is signed: a verified refusal is definite, a system error never is.
        QCOMPARE(e.definite, definite);
    }

    // The same refusals unsigned (error_response bodies often are) or under a forged sign: not definite.
    void unverifiedRefusals_data()
    {
        QTest::addColumn<QString>("method");
        QTest::addColumn<QString>("subCode");
        QTest::addColumn<int>("signing");
        QTest::addColumn<bool>("errorResponse");
        QTest::addColumn<int>("expected");
        QTest::addColumn<bool>("definite");
        const int good = int(Signing::Good), none = int(Signing::Unsigned), forged = int(Signing::Forged);
        const int balance = int(ErrorCode::NotEnoughBalance), bad = int(ErrorCode::ResponseSignatureInvalid);
        QTest::newRow("signed 40004") << u"refund"_s << u"ACQ.SELLER_BALANCE_NOT_ENOUGH"_s << good << false << balance
                                      << true;
        QTest::newRow("unsigned 40004") << u"refund"_s << u"ACQ.SELLER_BALANCE_NOT_ENOUGH"_s << none << false << balance
                                        << false;
        QTest::newRow("unsigned error_response")
            << u"refund"_s << u"ACQ.SELLER_BALANCE_NOT_ENOUGH"_s << none << true << balance << false;
        QTest::newRow("signed error_response")
            << u"refund"_s << u"ACQ.SELLER_BALANCE_NOT_ENOUGH"_s << good << true << balance << true;
        QTest::newRow("forged 40004") << u"refund"_s << u"ACQ.SELLER_BALANCE_NOT_ENOUGH"_s << forged << false << bad
                                      << false;
        QTest::newRow("unsigned trade not exist on close")
            << u"close"_s << u"ACQ.TRADE_NOT_EXIST"_s << none << false << int(ErrorCode::OrderNotExist) << false;
        QTest::newRow("unsigned trade not exist on query")
            << u"query"_s << u"ACQ.TRADE_NOT_EXIST"_s << none << false << int(ErrorCode::OrderNotExist) << false;
        QTest::newRow("unsigned has success on close")
            << u"close"_s << u"ACQ.TRADE_HAS_SUCCESS"_s << none << true << int(ErrorCode::OrderPaid) << false;
    }
    void unverifiedRefusals()
    {
        QFETCH(QString, method);
        QFETCH(QString, subCode);
        QFETCH(int, signing);
        QFETCH(bool, errorResponse);
        QFETCH(int, expected);
        QFETCH(bool, definite);
        m_gw->orders[u"PD-U"_s].scanned = true;
        m_gw->forceCode = u"40004"_s;
        m_gw->forceSubCode = subCode;
        m_gw->forceTimes = 10;
        m_gw->signing = Signing(signing);
        m_gw->asErrorResponse = errorResponse;
        Error e;
        if (method == u"close")
            e = m_channel->close(u"PD-U"_s).error();
        else if (method == u"query")
            e = m_channel->query(u"PD-U"_s).error();
        else
            e = m_channel->refund(RefundRequest { u"PD-U"_s, {}, u"RF-U"_s, Money::fen(1), Money::fen(1), {}, {} })
                    .error();
        QCOMPARE(int(e.code), expected);
        QCOMPARE(e.definite, definite);
    }

    // Only a verified ACQ.TRADE_NOT_EXIST lets a close count as done; an unsigned one is an error, never success.
    void closeNeverScanned()
    {
        QVERIFY(m_channel->createQr(qr(u"PD-N1"_s, 100)));
        m_gw->signing = Signing::Unsigned;
        const auto unsignedClose = m_channel->close(u"PD-N1"_s);
        QVERIFY(!unsignedClose);
        QCOMPARE(unsignedClose.error().code, ErrorCode::OrderNotExist);
        QVERIFY(!unsignedClose.error().definite);
        m_gw->signing = Signing::Good;
        QVERIFY(m_channel->close(u"PD-N1"_s));
        // The query reports an order Alipay does not know yet as NotPaid, and says so.
        const auto q = m_channel->query(u"PD-N1"_s);
        QVERIFY(q);
        QCOMPARE(q->state, TradeState::NotPaid);
        QVERIFY(!q->existsAtChannel);
        m_gw->orders[u"PD-N1"_s].scanned = true;
        QVERIFY(m_channel->query(u"PD-N1"_s)->existsAtChannel);
    }

    void retryRecovers()
    {
        m_gw->orders[u"PD-R"_s].scanned = true;
        m_gw->orders[u"PD-R"_s].amount = u"1.00"_s;
        m_gw->forceCode = u"40004"_s;
        m_gw->forceSubCode = u"ACQ.SYSTEM_ERROR"_s;
        m_gw->forceTimes = 2;
        const auto q = m_channel->query(u"PD-R"_s);
        QVERIFY2(q, q ? "" : qPrintable(q.error().detail));
        QCOMPARE(q->total->minorUnits(), 100);
    }

    void forgedAndUnsignedResponses()
    {
        m_gw->orders[u"PD-F"_s].scanned = true;
        m_gw->orders[u"PD-F"_s].paid = true;
        m_gw->orders[u"PD-F"_s].amount = u"9.99"_s;
        m_gw->signing = Signing::Forged;
        QCOMPARE(m_channel->query(u"PD-F"_s).error().code, ErrorCode::ResponseSignatureInvalid);
        QCOMPARE(m_channel->createQr(qr(u"PD-F2"_s, 1)).error().code, ErrorCode::ResponseSignatureInvalid);
        m_gw->signing = Signing::Unsigned;
        QCOMPARE(m_channel->query(u"PD-F"_s).error().code, ErrorCode::ResponseSignatureInvalid);
        // An unsigned "trade does not exist" must not count as NotPaid, nor as closed.
        QVERIFY(!m_channel->query(u"PD-never"_s));
        QVERIFY(!m_channel->close(u"PD-never"_s));
    }

    void timeoutsRetriedForQueriesOnly()
    {
        // A "gateway" that accepts connections and never answers.
        QTcpServer silent;
        QVERIFY(silent.listen(QHostAddress::LocalHost, 0));
        QList<QTcpSocket*> held;
        connect(&silent, &QTcpServer::newConnection, &silent, [&] {
            while (QTcpSocket* s = silent.nextPendingConnection())
                held.append(s);
        });
        AlipayConfig c;
        c.appId = u"2019090366875133"_s;
        c.appPrivateKey = appPrivateKey();
        c.alipayPublicKey = publicOf(generatedKey(0));
        c.gatewayUrl = QUrl(u"http://127.0.0.1:%1/gateway.do"_s.arg(silent.serverPort()));
        c.timeoutMs = 300;
        c.retryDelayMs = 0;
        c.clock = &m_clock;
        AlipayChannel channel(c);
        QCOMPARE(channel.query(u"PD-T"_s).error().code, ErrorCode::NetworkTimeout);
        QTRY_COMPARE(held.size(), 3); // bounded: maxAttempts
        QCOMPARE(channel.createQr(qr(u"PD-T"_s, 1)).error().code, ErrorCode::NetworkTimeout);
        QTRY_COMPARE(held.size(), 4); // a create is never repeated blindly
        QCOMPARE(channel.close(u"PD-T"_s).error().code, ErrorCode::NetworkTimeout);
        QTRY_COMPARE(held.size(), 5);
    }

    void billDownload()
    {
        const auto bill = m_channel->tradeBill(QDate(2019, 9, 16));
        QVERIFY2(bill, bill ? "" : qPrintable(bill.error().detail));
        QCOMPARE(m_gw->lastBiz.value("bill_type"_L1).toString(), u"trade"_s);
        QCOMPARE(m_gw->lastBiz.value("bill_date"_L1).toString(), u"2019-09-16"_s);
        QCOMPARE(bill->rows.size(), 10);
        QCOMPARE(bill->summary.tradeCount, 6);
        QCOMPARE(bill->summary.settledTotal.minorUnits(), 6);
        QCOMPARE(bill->summary.refundTotal.minorUnits(), 4);
        QCOMPARE(bill->rawFile, m_gw->billZip());
        // A bill that does not add up is refused.
        QString csv = sampleCsv();
        csv.replace(u"商家实收共0.06元"_s, u"商家实收共0.05元"_s);
        m_gw->setBillZip(billZip(csv));
        QCOMPARE(m_channel->tradeBill(QDate(2019, 9, 16)).error().code, ErrorCode::MalformedInput);
        m_gw->setBillZip(billZip(sampleCsv()));
    }
};

QTEST_GUILESS_MAIN(TestAlipayChannel)
#include "tst_alipay_channel.moc"
