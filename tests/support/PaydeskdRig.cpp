#include "tests/support/PaydeskdRig.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QUuid>

#include "core/crypto/Random.h"
#include "core/sim/WeChatSigning.h"
#include "core/store/ChannelConfigStore.h"
#include "core/store/Sql.h"
#include "core/training/TrainingSetup.h"
#include "core/util/Clock.h"
#include "tests/support/Fixtures.h"

using namespace Qt::StringLiterals;

namespace paydesk::test {

namespace {

QJsonObject merged(QJsonObject base, const QJsonObject& tweak)
{
    for (auto it = tweak.begin(); it != tweak.end(); ++it) {
        if (it.value().isObject() && base.value(it.key()).isObject())
            base.insert(it.key(), merged(base.value(it.key()).toObject(), it.value().toObject()));
        else
            base.insert(it.key(), it.value());
    }
    return base;
}

} // namespace

PaydeskdRig::PaydeskdRig(const TestDatabase& database)
    : m_database(*database.db())
    , m_databaseOwner(database.db())
    , m_url(database.url())
    , m_applier(*database.db(), SystemClock::instance())
{
}

PaydeskdRig::~PaydeskdRig()
{
    m_daemon.reset();
    m_sim.reset();
    qputenv("PAYDESK_MASTER_KEY_FILE", m_oldMasterKeyEnv);
}

Status PaydeskdRig::start(const QStringList& daemonArgs)
{
    // The master key is process-wide configuration: point this process and its children at a throwaway one.
    const QString keyFile = m_keyDir.filePath(u"master.key"_s);
    m_oldMasterKeyEnv = qgetenv("PAYDESK_MASTER_KEY_FILE");
    qputenv("PAYDESK_MASTER_KEY_FILE", keyFile.toUtf8());
    m_env = QProcessEnvironment::systemEnvironment();
    m_env.insert(u"PAYDESK_MASTER_KEY_FILE"_s, keyFile);
    auto box = openMasterKey(true);
    if (!box)
        return tl::unexpected(box.error());
    m_box.emplace(std::move(*box));
    // This process appends audit entries too (charges, refunds): with the key paydeskd derives from the same file.
    if (auto k = m_databaseOwner->setAuditKey(*m_box); !k)
        return k;

    m_admin = Actor { insertUser(m_database, u"e2e-admin"_s, u"admin"_s), u"e2e-admin"_s, domain::Role::Admin };
    m_cashier =
        Actor { insertUser(m_database, u"e2e-cashier"_s, u"cashier"_s), u"e2e-cashier"_s, domain::Role::Cashier };
    m_finance =
        Actor { insertUser(m_database, u"e2e-finance"_s, u"finance"_s), u"e2e-finance"_s, domain::Role::Finance };

    m_sim = std::make_unique<SimProcess>(1000);
    if (auto st = m_sim->start(); !st)
        return st;
    if (auto st = m_simKeys.loadOrCreate(m_sim->stateDir(), {}, QDateTime::currentSecsSinceEpoch()); !st)
        return st;
    auto apiV3 = sim::readFile(sim::demoWeChatFiles(m_sim->stateDir()).apiV3KeyFile);
    if (!apiV3)
        return tl::unexpected(apiV3.error());
    m_apiV3Key = apiV3->trimmed();

    m_daemon = std::make_unique<PaydeskdProcess>(m_url, m_env);
    ChannelConfigStore store(m_database, SystemClock::instance(), *m_box);
    auto settings = simulatorSettingsFromState(m_sim->stateDir(), m_sim->url(), m_daemon->url());
    if (!settings)
        return tl::unexpected(settings.error());
    if (auto st = configureSimulatorChannels(store, *settings, m_admin); !st)
        return st;
    if (auto st = m_channels.load(store, SystemClock::instance()); !st)
        return st;
    PaymentServiceOptions paymentOptions;
    paymentOptions.minTtlSecs = 1; // expiry tests run in seconds, not minutes
    m_payments =
        std::make_unique<PaymentService>(m_database, SystemClock::instance(), m_registry, m_applier, paymentOptions);
    RefundServiceOptions refundOptions;
    refundOptions.owner = u"e2e-refunds"_s;
    m_refunds =
        std::make_unique<RefundService>(m_database, SystemClock::instance(), m_registry, m_applier, refundOptions);
    return m_daemon->start(daemonArgs);
}

Result<Payment> PaydeskdRig::charge(ChannelKind channel, qint64 fen, qint64 ttlSecs)
{
    CreatePaymentRequest r;
    r.channel = channel;
    r.amount = Money::fen(fen);
    r.description = u"e2e"_s;
    r.ttlSecs = ttlSecs;
    r.terminal = u"e2e"_s;
    return m_payments->create(r, m_cashier);
}

Result<Refund> PaydeskdRig::refund(qint64 paymentId, qint64 fen, const QString& requestKey)
{
    RefundInput in;
    in.paymentId = paymentId;
    in.amount = Money::fen(fen);
    in.reasonCode = u"customer_request"_s;
    in.requestKey = requestKey;
    return m_refunds->request(in, m_finance);
}

domain::PaymentStatus PaydeskdRig::status(qint64 paymentId) const
{
    auto q = sql::exec(
        *m_database.connection(), u"SELECT status FROM payments WHERE id = :id"_s, { { u":id"_s, paymentId } });
    const QString name = q && q->next() ? q->value(0).toString() : QString();
    return domain::paymentStatusFromName(name).value_or(domain::PaymentStatus::Created);
}

qint64 PaydeskdRig::count(const QString& table, const QString& where) const
{
    return countRows(m_database, table, where);
}

QPair<QString, QString> PaydeskdRig::lastNotification(const QString& where) const
{
    auto q = sql::exec(*m_database.connection(),
        u"SELECT verdict, reason FROM notifications %1 ORDER BY id DESC"_s.arg(
            where.isEmpty() ? QString() : u"WHERE "_s + where));
    if (!q || !q->next())
        return {};
    return { q->value(0).toString(), q->value(1).toString() };
}

NotificationPost PaydeskdRig::wechatPaid(
    const Payment& payment, const QJsonObject& tweak, qint64 timestampSecs, const QString& id) const
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QJsonObject transaction =
        merged(QJsonObject { { u"appid"_s, payment.appId },
                   { u"mchid"_s, payment.merchantId },
                   { u"out_trade_no"_s, payment.outTradeNo },
                   { u"transaction_id"_s, u"4200%1"_s.arg(crypto::randomAlnum(24)) },
                   { u"trade_type"_s, u"NATIVE"_s },
                   { u"trade_state"_s, u"SUCCESS"_s },
                   { u"trade_state_desc"_s, u"支付成功"_s },
                   { u"bank_type"_s, u"OTHERS"_s },
                   { u"attach"_s, u""_s },
                   { u"success_time"_s, now.toOffsetFromUtc(8 * 3600).toString(Qt::ISODate) },
                   { u"payer"_s, QJsonObject { { u"openid"_s, u"oE2E"_s } } },
                   { u"amount"_s,
                       QJsonObject { { u"total"_s, payment.amount.minorUnits() },
                           { u"payer_total"_s, payment.amount.minorUnits() },
                           { u"currency"_s, u"CNY"_s },
                           { u"payer_currency"_s, u"CNY"_s } } } },
            tweak);
    const QByteArray nonce = crypto::randomAlnum(12).toLatin1();
    const auto resource = sim::wechat::encryptResource(
        m_apiV3Key, nonce, "transaction", u"transaction"_s, QJsonDocument(transaction).toJson(QJsonDocument::Compact));
    const QJsonObject envelope { { u"id"_s, id.isEmpty() ? QUuid::createUuid().toString(QUuid::WithoutBraces) : id },
        { u"create_time"_s, now.toOffsetFromUtc(8 * 3600).toString(Qt::ISODate) },
        { u"resource_type"_s, u"encrypt-resource"_s },
        { u"event_type"_s, u"TRANSACTION.SUCCESS"_s },
        { u"summary"_s, u"支付成功"_s },
        { u"resource"_s, resource ? *resource : QJsonObject() } };
    return resign(QJsonDocument(envelope).toJson(QJsonDocument::Compact), timestampSecs);
}

NotificationPost PaydeskdRig::resign(const QByteArray& body, qint64 timestampSecs) const
{
    NotificationPost post;
    post.body = body;
    const qint64 ts = timestampSecs > 0 ? timestampSecs : QDateTime::currentSecsSinceEpoch();
    auto headers = sim::wechat::signedHeaders(
        m_simKeys.wechatCertKey(), m_simKeys.wechatCertSerial(), ts, crypto::randomAlnum(32).toLatin1(), post.body);
    if (headers)
        post.headers = *headers;
    post.headers.append(qMakePair(QByteArray("Wechatpay-Signature-Type"), QByteArray("WECHATPAY2-SHA256-RSA2048")));
    post.headers.append(qMakePair(QByteArray("Content-Type"), QByteArray("application/json")));
    return post;
}

} // namespace paydesk::test
