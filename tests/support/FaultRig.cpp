#include "tests/support/FaultRig.h"

#include <QJsonDocument>

#include "core/channels/alipay/AlipayChannel.h"
#include "core/channels/wechatpay/WeChatPayChannel.h"
#include "core/crypto/Rsa.h"
#include "core/domain/StateMachine.h"
#include "core/store/ChannelConfigStore.h"
#include "core/store/PaymentRepository.h"
#include "core/store/RefundRepository.h"
#include "core/store/UserRepository.h"
#include "core/training/TrainingSetup.h"
#include "core/util/Clock.h"
#include "tests/support/Fixtures.h"

using namespace Qt::StringLiterals;

namespace paydesk::test {

namespace {

// The in-process adapters, built as ChannelFactory builds them but with a short timeout and without the adapters'
// own retries: those would settle a one-shot fault (a retry with the same number is answered normally) before the
// service saw it, and every fault here is meant to reach RefundService as the unknown outcome it is.

Result<std::unique_ptr<Channel>> quickWeChatPay(const WeChatPaySettings& s, int timeoutMs)
{
    wechatpay::WeChatPayConfig c;
    c.mchid = s.mchid;
    c.appid = s.appid;
    c.merchantCertSerial = s.merchantSerial.toUpper();
    auto key = crypto::RsaPrivateKey::fromPem(s.merchantPrivateKeyPem);
    if (!key)
        return tl::unexpected(key.error());
    c.merchantKey = *key;
    c.apiV3Key = crypto::SecureBytes(s.apiV3Key);
    for (const QByteArray& pem : s.platformCertificatePems) {
        auto info = crypto::readCertificate(pem);
        if (!info)
            return tl::unexpected(info.error());
        auto pub = crypto::RsaPublicKey::fromPem(info->publicKeyPem);
        if (!pub)
            return tl::unexpected(pub.error());
        c.platform.certificates.insert(info->serialHex.toUpper(), *pub);
    }
    if (!s.publicKeyId.isEmpty()) {
        auto pub = crypto::RsaPublicKey::fromPem(s.publicKeyPem);
        if (!pub)
            return tl::unexpected(pub.error());
        c.platform.publicKeyId = s.publicKeyId;
        c.platform.publicKey = *pub;
    }
    c.baseUrl = s.baseUrl;
    c.defaultNotifyUrl = s.notifyUrl;
    c.timeoutMs = timeoutMs;
    c.maxAttempts = 1;
    c.clock = &SystemClock::instance();
    return std::unique_ptr<Channel>(std::make_unique<wechatpay::WeChatPayChannel>(std::move(c)));
}

Result<std::unique_ptr<Channel>> quickAlipay(const AlipaySettings& s, int timeoutMs)
{
    alipay::AlipayConfig c;
    c.appId = s.appId;
    c.sellerId = s.sellerId;
    auto key = crypto::RsaPrivateKey::fromPem(s.appPrivateKeyPem);
    auto pub = crypto::RsaPublicKey::fromPem(s.alipayPublicKeyPem);
    if (!key || !pub)
        return fail(ErrorCode::KeyInvalid, u"alipay: a key does not parse"_s);
    c.appPrivateKey = *key;
    c.alipayPublicKey = *pub;
    c.gatewayUrl = QUrl(s.gatewayUrl);
    c.notifyUrl = s.notifyUrl;
    c.timeoutMs = timeoutMs;
    c.maxAttempts = 1;
    c.clock = &SystemClock::instance();
    auto channel = alipay::AlipayChannel::create(std::move(c));
    if (!channel)
        return tl::unexpected(channel.error());
    return std::unique_ptr<Channel>(std::move(*channel));
}

} // namespace

FaultRig::FaultRig(Database& database, QString databaseUrl)
    : m_database(database)
    , m_url(std::move(databaseUrl))
    , m_env(QProcessEnvironment::systemEnvironment())
{
    m_env.insert(u"PAYDESK_MASTER_KEY_FILE"_s, m_keyDir.filePath(u"master.key"_s));
    m_env.remove(u"PAYDESK_PASSWORD_FILE"_s);
}

FaultRig::~FaultRig()
{
    m_sync.reset();
    m_refunds.reset();
    m_payments.reset();
    m_sim.reset();
    qputenv("PAYDESK_MASTER_KEY_FILE", m_oldMasterKeyEnv);
}

Status FaultRig::start(const Options& options)
{
    // The master key is process-wide configuration: point this process and its children at a throwaway one.
    m_oldMasterKeyEnv = qgetenv("PAYDESK_MASTER_KEY_FILE");
    qputenv("PAYDESK_MASTER_KEY_FILE", m_env.value(u"PAYDESK_MASTER_KEY_FILE"_s).toUtf8());
    auto box = openMasterKey(true);
    if (!box)
        return tl::unexpected(box.error());
    m_box.emplace(std::move(*box));
    // This process appends audit entries too: with the key the programs derive from the same file.
    if (auto k = m_database.setAuditKey(*m_box); !k)
        return k;

    m_admin = Actor { insertUser(m_database, u"fault-admin"_s, u"admin"_s), u"fault-admin"_s, domain::Role::Admin };
    m_cashier =
        Actor { insertUser(m_database, u"fault-cashier"_s, u"cashier"_s), u"fault-cashier"_s, domain::Role::Cashier };
    auto finance = UserRepository(m_database, SystemClock::instance())
                       .add(financeLogin(),
                           u"Finance"_s,
                           domain::Role::Finance,
                           QString::fromUtf8(financePassword().trimmed()),
                           u"test"_s);
    if (!finance)
        return tl::unexpected(finance.error());
    m_finance = Actor { finance->id, finance->username, finance->role };

    m_sim = std::make_unique<SimProcess>(1000);
    if (auto st = m_sim->start(); !st)
        return st;
    if (options.dropNotifications)
        m_quiet = QJsonObject { { u"drop_notifications"_s, true } };
    if (!m_sim->setFaults(m_quiet))
        return fail(ErrorCode::Internal, u"the simulator refused the notification fault"_s);
    if (auto st = configureChannels(options); !st)
        return st;

    const Clock& clock = SystemClock::instance();
    m_applier = std::make_unique<ChannelFactApplier>(m_database, clock);
    m_payments = std::make_unique<PaymentService>(m_database, clock, m_registry, *m_applier);
    RefundServiceOptions refundOptions;
    refundOptions.owner = u"fault-test"_s;
    refundOptions.retryBaseMs = 20; // an unknown outcome is asked about again within milliseconds
    refundOptions.retryCapMs = 200;
    refundOptions.maxSubmitAttempts = 1000;
    m_refunds = std::make_unique<RefundService>(m_database, clock, m_registry, *m_applier, refundOptions);
    SyncOptions syncOptions;
    syncOptions.owner = u"fault-test-jobs"_s;
    syncOptions.backoffBaseMs = 20;
    syncOptions.backoffCapMs = 200;
    syncOptions.maxOutboxAttempts = 1000;
    syncOptions.batch = 500;
    m_sync = std::make_unique<SyncService>(m_database, clock, m_registry, *m_applier, *m_refunds, syncOptions);
    return {};
}

Status FaultRig::configureChannels(const Options& options)
{
    // Nothing listens on this port: a notification that is not dropped is refused, never delivered.
    static const QString kNowhere = u"http://127.0.0.1:9"_s;
    const QString notifyBase = options.notifyBaseUrl.isEmpty() ? kNowhere : options.notifyBaseUrl;
    auto settings = simulatorSettingsFromState(m_sim->stateDir(), m_sim->url(), notifyBase);
    if (!settings)
        return tl::unexpected(settings.error());
    settings->wechat.timeoutMs = options.storedTimeoutMs;
    settings->alipay.timeoutMs = options.storedTimeoutMs;
    ChannelConfigStore store(m_database, SystemClock::instance(), *m_box);
    if (auto st = configureSimulatorChannels(store, *settings, m_admin); !st)
        return st;
    auto wechat = quickWeChatPay(settings->wechat, options.inProcessTimeoutMs);
    if (!wechat)
        return tl::unexpected(wechat.error());
    auto alipay = quickAlipay(settings->alipay, options.inProcessTimeoutMs);
    if (!alipay)
        return tl::unexpected(alipay.error());
    m_registry.add(std::shared_ptr<Channel>(std::move(*wechat)));
    m_registry.add(std::shared_ptr<Channel>(std::move(*alipay)));
    return {};
}

Result<Payment> FaultRig::charge(ChannelKind channel, qint64 fen)
{
    CreatePaymentRequest r;
    r.channel = channel;
    r.amount = Money::fen(fen);
    r.description = u"fault test"_s;
    r.terminal = u"fault"_s;
    return m_payments->create(r, m_cashier);
}

Result<Payment> FaultRig::paidPayment(ChannelKind channel, qint64 fen)
{
    // Setting up a paid payment is not what these tests are about, but the in-process channels' timeouts are
    // short (so held refund answers time out quickly): on a loaded machine a charge or query may time out too.
    // Such a call is simply made again (a timed-out charge is left CREATED and never used).
    constexpr int kAttempts = 5;
    auto p = charge(channel, fen);
    for (int i = 1; i < kAttempts && !p && !p.error().definite; ++i)
        p = charge(channel, fen);
    if (!p)
        return p;
    if (!m_sim->pay(p->outTradeNo))
        return fail(ErrorCode::Internal, u"the simulator did not take the payment of %1"_s.arg(p->outTradeNo));
    auto synced = m_payments->syncWithChannel(p->id, m_cashier);
    for (int i = 1; i < kAttempts && !synced && !synced.error().definite; ++i)
        synced = m_payments->syncWithChannel(p->id, m_cashier);
    if (synced && synced->status != domain::PaymentStatus::Succeeded)
        return fail(
            ErrorCode::Internal, u"payment %1 is %2 after the query"_s.arg(p->outTradeNo, statusName(synced->status)));
    return synced;
}

Result<Refund> FaultRig::refund(qint64 paymentId, qint64 fen)
{
    RefundInput in;
    in.paymentId = paymentId;
    in.amount = Money::fen(fen);
    in.reasonCode = u"customer_request"_s;
    return m_refunds->request(in, m_finance);
}

Result<Payment> FaultRig::payment(qint64 paymentId) const
{
    return PaymentRepository(m_database).find(paymentId);
}

QList<Refund> FaultRig::refundsOf(qint64 paymentId) const
{
    auto list = RefundRepository(m_database).forPayment(paymentId);
    return list ? *list : QList<Refund>();
}

bool FaultRig::settleRound(const QList<qint64>& paymentIds)
{
    (void)m_sync->runOutbox();
    (void)m_sync->syncRefunds();
    return processingRefunds(paymentIds) == 0;
}

qint64 FaultRig::processingRefunds(const QList<qint64>& paymentIds) const
{
    QStringList ids;
    for (qint64 id : paymentIds)
        ids << QString::number(id);
    return countRows(m_database, u"refunds"_s, u"status = 'PROCESSING' AND payment_id IN (%1)"_s.arg(ids.join(u',')));
}

bool FaultRig::setRefundFault(const QString& outTradeNo, const QJsonObject& fault)
{
    QJsonObject all = m_quiet;
    for (auto it = fault.begin(); it != fault.end(); ++it)
        all.insert(it.key(), it.value());
    return m_sim->setFaults(all, outTradeNo);
}

QList<SimRefundView> FaultRig::simRefunds() const
{
    QList<SimRefundView> list;
    auto r = m_sim->control("GET", u"/sim/refunds"_s);
    if (!r || r->status != 200)
        return list;
    for (const QJsonValue& v : QJsonDocument::fromJson(r->body).array()) {
        const QJsonObject o = v.toObject();
        list << SimRefundView { o.value(u"out_trade_no"_s).toString(),
            o.value(u"out_refund_no"_s).toString(),
            o.value(u"state"_s).toString(),
            o.value(u"refund_fen"_s).toInteger() };
    }
    return list;
}

QJsonArray FaultRig::refundLog() const
{
    auto r = m_sim->control("GET", u"/sim/faults"_s);
    if (!r || r->status != 200)
        return {};
    return QJsonDocument::fromJson(r->body).object().value(u"refund_log"_s).toArray();
}

bool FaultRig::logged(const QString& outRefundNo, const QString& event) const
{
    for (const QJsonValue& v : refundLog()) {
        const QJsonObject o = v.toObject();
        if (o.value(u"out_refund_no"_s).toString() == outRefundNo && o.value(u"event"_s).toString() == event)
            return true;
    }
    return false;
}

bool FaultRig::release(const QString& outRefundNo) const
{
    auto r = m_sim->control("POST", u"/sim/refunds/%1/release"_s.arg(outRefundNo));
    return r && r->status == 200;
}

qint64 FaultRig::simRefundedFen(const QString& outTradeNo) const
{
    qint64 sum = 0;
    for (const SimRefundView& r : simRefunds()) {
        if (r.outTradeNo == outTradeNo && r.state == u"SUCCESS"_s)
            sum += r.fen;
    }
    return sum;
}

} // namespace paydesk::test
