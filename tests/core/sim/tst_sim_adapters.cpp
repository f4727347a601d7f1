// The core's channel adapters driving the simulator over HTTP: create, pay, the notification parsed by the
// adapter, query, refund, close and bill, for both channels. Neither side's protocol code is shared with the other.
#include <QTest>

#include "core/channels/alipay/AlipayChannel.h"
#include "core/channels/wechatpay/WeChatPayChannel.h"

#include "SimReceiver.h"
#include "SimTestSupport.h"

using namespace Qt::StringLiterals;
using namespace paydesk;
using namespace paydesk::simtest;

namespace {

InboundHttp inbound(const Received& r)
{
    InboundHttp in;
    in.method = QByteArrayLiteral("POST");
    in.path = r.path;
    for (const auto& [k, v] : r.headers)
        in.headers.insert(k.toLower(), v);
    in.body = r.body;
    return in;
}

std::unique_ptr<wechatpay::WeChatPayChannel> wechatChannel(SimFixture& f, const QString& notifyUrl)
{
    wechatpay::WeChatPayConfig c;
    c.mchid = kMchid;
    c.appid = kAppid;
    c.merchantCertSerial = kMerchantSerial;
    c.merchantKey = privateKey(u"wechatpay/keys/wxdoc-test-merchant-private-key.pem"_s);
    c.apiV3Key = crypto::SecureBytes(kApiV3Key);
    c.platform.certificates.insert(f.server->keys().wechatCertSerial(), publicKey(f.server->keys().wechatCertPem()));
    c.platform.publicKeyId = f.server->keys().wechatPublicKeyId();
    c.platform.publicKey = publicKey(f.server->keys().wechatPublicKeyPem());
    c.baseUrl = f.server->baseUrl();
    c.defaultNotifyUrl = notifyUrl;
    c.timeoutMs = 3000;
    c.clock = &f.clock;
    return std::make_unique<wechatpay::WeChatPayChannel>(c);
}

std::unique_ptr<paydesk::alipay::AlipayChannel> alipayChannel(SimFixture& f, const QString& notifyUrl)
{
    paydesk::alipay::AlipayConfig c;
    c.appId = kAlipayAppId;
    c.sellerId = kAlipayPid;
    c.appPrivateKey = privateKey(u"alipay/keys/java-prodcert-app-private-key.pem"_s);
    c.alipayPublicKey = publicKey(f.server->keys().alipayPublicKeyPem());
    c.gatewayUrl = QUrl(f.server->alipayGatewayUrl());
    c.notifyUrl = notifyUrl;
    c.timeoutMs = 3000;
    c.clock = &f.clock;
    auto ch = paydesk::alipay::AlipayChannel::create(c);
    return ch ? std::move(*ch) : nullptr;
}

CreateQrRequest qr(const QString& no, qint64 fen, const Clock& clock)
{
    CreateQrRequest r;
    r.outTradeNo = no;
    r.amount = Money::fen(fen);
    r.description = u"培训商品"_s;
    r.expiresAt = clock.nowUtc().addSecs(30 * 60);
    return r;
}

} // namespace

class TestSimAdapters final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void wechatEndToEnd_data()
    {
        QTest::addColumn<int>("mode");
        QTest::newRow("certificate") << static_cast<int>(sim::WeChatKeyMode::Certificate);
        QTest::newRow("publickey") << static_cast<int>(sim::WeChatKeyMode::PublicKey);
        QTest::newRow("mixed") << static_cast<int>(sim::WeChatKeyMode::Mixed);
    }
    void wechatEndToEnd()
    {
        QFETCH(int, mode);
        Receiver receiver(true); // the adapter insists on an https notify_url
        SimFixture f(1000, static_cast<sim::WeChatKeyMode>(mode));
        f.server->setAutoCompleteRefunds(true, 0);
        auto channel = wechatChannel(f, receiver.url("/wechat"));
        const auto created = channel->createQr(qr(u"ADP_W_0001"_s, 1234, f.clock));
        QVERIFY2(created.has_value(), created ? "" : qPrintable(created.error().detail));
        QVERIFY(created->codeUrl.startsWith(u"weixin://wxpay/bizpayurl?pr="_s));
        auto status = channel->query(u"ADP_W_0001"_s);
        QVERIFY2(status.has_value(), status ? "" : qPrintable(status.error().detail));
        QCOMPARE(status->state, TradeState::NotPaid);

        QVERIFY(f.server->pay(u"ADP_W_0001"_s).has_value());
        QTRY_COMPARE(receiver.received.size(), 1);
        const auto note = channel->parseNotification(inbound(receiver.received.first()));
        QVERIFY2(note.has_value(), note ? "" : qPrintable(note.error().detail));
        QCOMPARE(note->kind, ChannelNotification::Kind::Payment);
        QVERIFY(note->trade.has_value());
        QCOMPARE(note->trade->state, TradeState::Paid);
        QCOMPARE(note->trade->outTradeNo, u"ADP_W_0001"_s);
        QCOMPARE(note->trade->total, std::optional<Money>(Money::fen(1234)));

        status = channel->query(u"ADP_W_0001"_s);
        QVERIFY(status.has_value());
        QCOMPARE(status->state, TradeState::Paid);
        QVERIFY(!status->transactionId.isEmpty());

        RefundRequest rr;
        rr.outTradeNo = u"ADP_W_0001"_s;
        rr.outRefundNo = u"ADP_WR_1"_s;
        rr.refund = Money::fen(234);
        rr.total = Money::fen(1234);
        rr.reason = u"顾客退货"_s;
        const auto refund = channel->refund(rr);
        QVERIFY2(refund.has_value(), refund ? "" : qPrintable(refund.error().detail));
        QVERIFY(refund->state == RefundState::Processing || refund->state == RefundState::Succeeded);
        QTRY_VERIFY(channel->queryRefund(u"ADP_W_0001"_s, u"ADP_WR_1"_s).value_or(RefundStatus()).state
            == RefundState::Succeeded);
        QTRY_COMPARE(receiver.received.size(), 2);
        const auto refundNote = channel->parseNotification(inbound(receiver.received.at(1)));
        QVERIFY2(refundNote.has_value(), refundNote ? "" : qPrintable(refundNote.error().detail));
        QCOMPARE(refundNote->kind, ChannelNotification::Kind::Refund);
        QCOMPARE(refundNote->refund->state, RefundState::Succeeded);
        QCOMPARE(refundNote->refund->refund, std::optional<Money>(Money::fen(234)));

        // Close: an unpaid order closes; a paid one is OrderPaid.
        QVERIFY(channel->createQr(qr(u"ADP_W_0002"_s, 5, f.clock)).has_value());
        const auto closed = channel->close(u"ADP_W_0002"_s);
        QVERIFY2(closed.has_value(), closed ? "" : qPrintable(closed.error().detail));
        QCOMPARE(channel->query(u"ADP_W_0002"_s)->state, TradeState::Closed);
        const auto closePaid = channel->close(u"ADP_W_0001"_s);
        QVERIFY(!closePaid.has_value());
        QCOMPARE(closePaid.error().code, ErrorCode::OrderPaid);

        const auto bill = channel->tradeBill(f.clock.nowUtc().toOffsetFromUtc(8 * 3600).date());
        QVERIFY2(bill.has_value(), bill ? "" : qPrintable(bill.error().detail));
        QCOMPARE(bill->rows.size(), 2);
        QCOMPARE(bill->summary.tradeCount, 2);
        QCOMPARE(bill->summary.settledTotal, Money::fen(1234));
        QCOMPARE(bill->summary.refundTotal, Money::fen(234));
    }

    void wechatProbeIsRejectedByTheAdapter()
    {
        Receiver receiver(true);
        SimFixture f;
        auto channel = wechatChannel(f, receiver.url("/wechat"));
        receiver.answer = [&channel](int, const Received& r) {
            return channel->parseNotification(inbound(r)).has_value() ? qMakePair(200, QByteArray())
                                                                      : qMakePair(401, QByteArray());
        };
        f.server->setFaults({}, sim::FaultSet { .signTestProbe = true });
        QVERIFY(channel->createQr(qr(u"ADP_W_0003"_s, 1, f.clock)).has_value());
        QVERIFY(f.server->pay(u"ADP_W_0003"_s).has_value());
        QTRY_COMPARE(f.server->notifications().first().state, sim::DeliveryState::Delivered);
        QCOMPARE(receiver.received.size(), 2); // the probe refused, the real one accepted
    }

    // The simulator signs its error answers as WeChat does, so the adapter can tell a refusal that certainly took no
    // effect (definite) from one it cannot trust; a 500 never is.
    void wechatRefusalsFromTheSimulator()
    {
        Receiver receiver(true);
        SimFixture f;
        auto channel = wechatChannel(f, receiver.url("/wechat"));
        QVERIFY(channel->createQr(qr(u"ADP_W_0004"_s, 100, f.clock)).has_value());
        QVERIFY(f.server->pay(u"ADP_W_0004"_s).has_value());
        f.server->setFaults(u"ADP_W_0004"_s, sim::FaultSet { .balanceNotEnough = true });
        RefundRequest rr { u"ADP_W_0004"_s, {}, u"ADP_WR_4"_s, Money::fen(10), Money::fen(100), {}, {} };
        const auto refused = channel->refund(rr);
        QVERIFY(!refused.has_value());
        QCOMPARE(refused.error().code, ErrorCode::NotEnoughBalance);
        QVERIFY(refused.error().definite);
        const auto missing = channel->query(u"ADP_W_none"_s);
        QCOMPARE(missing.error().code, ErrorCode::OrderNotExist);
        QVERIFY(missing.error().definite);
        f.server->setFaults(u"ADP_W_0004"_s, sim::FaultSet { .queryError = true });
        const auto failing = channel->query(u"ADP_W_0004"_s);
        QCOMPARE(failing.error().code, ErrorCode::ChannelSystemError);
        QVERIFY(!failing.error().definite);
    }

    // The adapter sends the order's own end as time_expire; the simulator, as strict as Alipay, refuses to take the
    // payment after it, whether the QR was scanned before or not.
    void alipayQrDiesWithTheOrder()
    {
        SimFixture f;
        auto channel = alipayChannel(f, {});
        QVERIFY(channel);
        for (const QString& no : { u"ADP_A_T1"_s, u"ADP_A_T2"_s }) {
            CreateQrRequest r = qr(no, 100, f.clock);
            r.expiresAt = f.clock.nowUtc().addSecs(120);
            QVERIFY(channel->createQr(r).has_value());
            // Whole seconds, cut down: Alipay's end is never later than ours.
            QCOMPARE(f.server->order(no)->expiresMs, r.expiresAt.toMSecsSinceEpoch() / 1000 * 1000);
        }
        f.clock.offsetMs += 100 * 1000;
        QVERIFY(f.server->scan(u"ADP_A_T2"_s).has_value());
        f.clock.offsetMs += 21 * 1000;
        QVERIFY(!f.server->pay(u"ADP_A_T1"_s).has_value());
        QVERIFY(!f.server->pay(u"ADP_A_T2"_s).has_value());
        const auto scanned = channel->query(u"ADP_A_T2"_s);
        QVERIFY2(scanned.has_value(), scanned ? "" : qPrintable(scanned.error().detail));
        QCOMPARE(scanned->state, TradeState::Closed);
        const auto never = channel->query(u"ADP_A_T1"_s);
        QVERIFY(never.has_value());
        QCOMPARE(never->state, TradeState::NotPaid);
        QVERIFY(!never->existsAtChannel);
    }

    void alipayEndToEnd()
    {
        Receiver receiver;
        SimFixture f(10000);
        auto channel = alipayChannel(f, receiver.url("/alipay"));
        QVERIFY(channel);
        const auto created = channel->createQr(qr(u"ADP_A_0001"_s, 8888, f.clock));
        QVERIFY2(created.has_value(), created ? "" : qPrintable(created.error().detail));
        QVERIFY(created->codeUrl.startsWith(u"https://qr.alipay.com/"_s));
        auto status = channel->query(u"ADP_A_0001"_s); // not scanned: ACQ.TRADE_NOT_EXIST is NotPaid
        QVERIFY2(status.has_value(), status ? "" : qPrintable(status.error().detail));
        QCOMPARE(status->state, TradeState::NotPaid);
        QVERIFY(f.server->scan(u"ADP_A_0001"_s).has_value());
        QCOMPARE(channel->query(u"ADP_A_0001"_s)->state, TradeState::NotPaid);

        QVERIFY(f.server->pay(u"ADP_A_0001"_s).has_value());
        QTRY_COMPARE(receiver.received.size(), 1);
        const auto note = channel->parseNotification(inbound(receiver.received.first()));
        QVERIFY2(note.has_value(), note ? "" : qPrintable(note.error().detail));
        QCOMPARE(note->trade->state, TradeState::Paid);
        QCOMPARE(note->trade->total, std::optional<Money>(Money::fen(8888)));
        QCOMPARE(channel->acknowledgement(true).body, QByteArray("success"));
        status = channel->query(u"ADP_A_0001"_s);
        QCOMPARE(status->state, TradeState::Paid);

        RefundRequest rr;
        rr.outTradeNo = u"ADP_A_0001"_s;
        rr.outRefundNo = u"ADP_AR_1"_s;
        rr.refund = Money::fen(888);
        rr.total = Money::fen(8888);
        auto refund = channel->refund(rr);
        QVERIFY2(refund.has_value(), refund ? "" : qPrintable(refund.error().detail));
        QCOMPARE(refund->state, RefundState::Succeeded);
        refund = channel->refund(rr); // the retry: fund_change N, confirmed by the refund query
        QVERIFY2(refund.has_value(), refund ? "" : qPrintable(refund.error().detail));
        QCOMPARE(refund->state, RefundState::Succeeded);
        const auto rq = channel->queryRefund(u"ADP_A_0001"_s, u"ADP_AR_1"_s);
        QVERIFY(rq.has_value());
        QCOMPARE(rq->state, RefundState::Succeeded);
        QTRY_COMPARE(receiver.received.size(), 2);
        const auto refundNote = channel->parseNotification(inbound(receiver.received.at(1)));
        // Real refund notifications carry gmt_refund with milliseconds ("2021-07-14 09:51:36.631"); the simulator
        // sends them like that.
        QVERIFY2(refundNote.has_value(), refundNote ? "" : qPrintable(refundNote.error().detail));
        QCOMPARE(refundNote->kind, ChannelNotification::Kind::Refund);
        QVERIFY(refundNote->refund.has_value());
        QVERIFY(refundNote->refund->successTime.isValid());

        // Close before anyone scanned counts as closed; closing a paid trade is OrderPaid.
        QVERIFY(channel->createQr(qr(u"ADP_A_0002"_s, 1, f.clock)).has_value());
        QVERIFY(channel->close(u"ADP_A_0002"_s).has_value());
        const auto closePaid = channel->close(u"ADP_A_0001"_s);
        QVERIFY(!closePaid.has_value());
        QCOMPARE(closePaid.error().code, ErrorCode::OrderPaid);

        const auto bill = channel->tradeBill(f.clock.nowUtc().toOffsetFromUtc(8 * 3600).date());
        QVERIFY2(bill.has_value(), bill ? "" : qPrintable(bill.error().detail));
        QCOMPARE(bill->rows.size(), 2);
    }
};

QTEST_GUILESS_MAIN(TestSimAdapters)
#include "tst_sim_adapters.moc"
