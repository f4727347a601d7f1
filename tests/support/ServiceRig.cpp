#include "tests/support/ServiceRig.h"

#include "core/crypto/Random.h"
#include "core/domain/StateMachine.h"
#include "core/store/PaymentRepository.h"
#include "core/store/Sql.h"
#include "tests/support/Fixtures.h"

using namespace Qt::StringLiterals;

namespace paydesk::test {

namespace {

const Clock& servicesClock(const ServiceRig::Options& options, const FakeClock& own)
{
    return options.clock ? *options.clock : own;
}

void setColumns(const Database& db, qint64 id, const QString& assignments, QList<sql::Binding> bindings)
{
    bindings.append({ u":id"_s, id });
    auto q = sql::execList(*db.connection(), u"UPDATE payments SET "_s + assignments + u" WHERE id = :id"_s, bindings);
    if (!q || q->numRowsAffected() != 1)
        qFatal("rig: cannot complete payment %lld: %s", id, q ? "no row" : qPrintable(q.error().detail));
}

} // namespace

ServiceRig::ServiceRig(const Database& database)
    : ServiceRig(database, Options {})
{
}

ServiceRig::ServiceRig(const Database& database, const Options& options)
    : db(database)
    , applier(db, servicesClock(options, clock))
    , query(db, servicesClock(options, clock))
    , payments(db, servicesClock(options, clock), registry, applier, options.payments)
    , refunds(db, servicesClock(options, clock), registry, applier)
    , notifications(db, servicesClock(options, clock), registry, applier, options.batching)
    , sync(db, servicesClock(options, clock), registry, applier, refunds, options.sync)
    , box(crypto::SecureBytes(crypto::randomBytes(32)))
    , configs(db, servicesClock(options, clock), box)
{
    if (options.registerScriptedChannel)
        registry.add(&channel);
    if (options.refundsSucceed) {
        channel.onRefund = [this](const RefundRequest& r) -> Result<RefundStatus> {
            return channel.refundState(r, RefundState::Succeeded);
        };
    }
    setRefundPolicy(db, options.approvalThresholdMinor, options.dailyCapPerUserMinor);
}

const Actor& ServiceRig::user(const QString& username, domain::Role role)
{
    auto found = m_users.find(username);
    if (found == m_users.end()) {
        const qint64 id = insertUser(db, username, domain::roleName(role));
        found = m_users.emplace(username, Actor { id, username, role }).first;
    }
    if (found->second.role != role)
        qFatal("rig: user %s was made with another role", qPrintable(username));
    return found->second;
}

Payment ServiceRig::paid(qint64 amountMinor)
{
    const qint64 id = insertPayment(db, domain::PaymentStatus::Succeeded, amountMinor);
    setColumns(db,
        id,
        u"merchant_id = :m, channel_txn_id = :tx"_s,
        { { u":m"_s, channel.merchantId() }, { u":tx"_s, u"TX%1"_s.arg(id) } });
    return payment(id);
}

Payment ServiceRig::pending(qint64 amountMinor)
{
    const qint64 id = insertPayment(db, domain::PaymentStatus::Pending, amountMinor);
    setColumns(db,
        id,
        u"merchant_id = :m, app_id = :a"_s,
        { { u":m"_s, channel.merchantId() }, { u":a"_s, channel.appId() } });
    return payment(id);
}

Payment ServiceRig::charge(qint64 fen, ChannelKind kind)
{
    auto p = payments.create(CreatePaymentRequest { kind, Money::fen(fen), u"Tea"_s, {}, 0, {} }, cashier());
    if (!p)
        qFatal("rig: the charge failed: %s", qPrintable(p.error().detail));
    return *p;
}

Payment ServiceRig::payment(qint64 id) const
{
    auto p = PaymentRepository(db).find(id);
    if (!p)
        qFatal("rig: no payment %lld: %s", id, qPrintable(p.error().detail));
    return *p;
}

RefundInput ServiceRig::refundInput(const Payment& payment, qint64 fen, const QString& key)
{
    return RefundInput { payment.id, Money::fen(fen), u"customer_request"_s, {}, key };
}

} // namespace paydesk::test
