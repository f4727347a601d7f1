#include "ui/cashier/CashierSession.h"

#include <QtConcurrent>

#include "core/domain/StateMachine.h"
#include "core/service/PaymentService.h"
#include "core/util/Clock.h"

using namespace Qt::StringLiterals;

namespace paydesk::ui {

CashierSession::CashierSession(PaymentService& payments, const Clock& clock, Actor cashier, QObject* parent)
    : QObject(parent)
    , m_payments(payments)
    , m_clock(clock)
    , m_cashier(std::move(cashier))
{
    // Compensation for a lost notification: ask the channel every 2.5 s while the QR is shown.
    m_poll.setInterval(2500);
    connect(&m_poll, &QTimer::timeout, this, &CashierSession::checkNow);
    m_clockTimer.setInterval(1000);
    connect(&m_clockTimer, &QTimer::timeout, this, &CashierSession::onTick);
}

CashierSession::~CashierSession()
{
    for (auto* w : std::as_const(m_watchers))
        w->waitForFinished(); // the work captures services by reference: never leave it running
}

qint64 CashierSession::secondsLeft() const
{
    if (m_state != State::Waiting || m_payment.expiresAtMs == 0)
        return 0;
    return std::max<qint64>(0, (m_payment.expiresAtMs - m_clock.nowMSecs() + 999) / 1000);
}

void CashierSession::setState(State state)
{
    const bool waiting = state == State::Waiting || state == State::Unknown;
    if (waiting) {
        if (!m_poll.isActive())
            m_poll.start();
        if (!m_clockTimer.isActive())
            m_clockTimer.start();
    } else {
        m_poll.stop();
        m_clockTimer.stop();
    }
    if (m_state == state)
        return;
    m_state = state;
    Q_EMIT stateChanged(state);
}

void CashierSession::runAsync(std::function<Result<Payment>()> work, std::function<void(const Result<Payment>&)> done)
{
    m_busy = true;
    auto* watcher = new QFutureWatcher<Result<Payment>>(this);
    m_watchers << watcher;
    connect(watcher, &QFutureWatcher<Result<Payment>>::finished, this, [this, watcher, done] {
        m_watchers.removeOne(watcher);
        m_busy = false;
        done(watcher->result());
        watcher->deleteLater();
        // A cancel pressed while a check was in flight runs now, before any further check.
        if (m_cancelWanted && !m_busy)
            startCancel();
    });
    watcher->setFuture(QtConcurrent::run(std::move(work)));
}

void CashierSession::charge(ChannelKind channel, const Money& amount, const QString& description)
{
    if (m_state != State::Idle || m_busy)
        return; // one charge at a time: a second Enter must not create a second order
    m_error = {};
    m_payment = {};
    m_cancelWanted = false;
    setState(State::Creating);
    CreatePaymentRequest request;
    request.channel = channel;
    request.amount = amount;
    request.description = description.isEmpty() ? u"PayDesk"_s : description;
    request.terminal = m_cashier.username;
    runAsync(
        [this, request] {
            return m_payments.create(request, m_cashier);
        },
        [this](const Result<Payment>& r) {
            if (!r) {
                m_error = r.error();
                setState(State::Failed);
                return;
            }
            adopt(*r);
        });
}

void CashierSession::adopt(const Payment& p)
{
    m_payment = p;
    if (p.status == domain::PaymentStatus::Pending) {
        setState(State::Waiting);
        Q_EMIT tick(secondsLeft());
    } else if (domain::isPaid(p.status)) {
        setState(State::Paid);
    } else if (p.status == domain::PaymentStatus::Closed) {
        setState(State::Closed);
    } else if (p.status == domain::PaymentStatus::Failed) {
        m_error = Error { ErrorCode::ChannelRejected, p.failureDetail };
        setState(State::Failed);
    }
}

void CashierSession::checkNow()
{
    if ((m_state != State::Waiting && m_state != State::Unknown) || m_busy || m_cancelWanted)
        return;
    const qint64 id = m_payment.id;
    runAsync(
        [this, id] {
            return m_payments.syncWithChannel(id, m_cashier, QStringLiteral("cashier.poll"));
        },
        [this](const Result<Payment>& r) {
            if (m_state != State::Waiting && m_state != State::Unknown)
                return; // cancelled or finished meanwhile
            if (!r) {
                // A failed check proves nothing either way: say so rather than guess.
                m_error = r.error();
                setState(isRetryable(r.error().code) ? State::Unknown : m_state);
                return;
            }
            m_error = {};
            adopt(*r);
            if (m_state == State::Waiting && secondsLeft() == 0)
                cancel(); // expired: close it at the channel so it can never be paid later unnoticed
        });
}

void CashierSession::cancel()
{
    if (m_state != State::Waiting && m_state != State::Unknown)
        return;
    m_cancelWanted = true;
    if (!m_busy)
        startCancel();
}

void CashierSession::startCancel()
{
    m_cancelWanted = false;
    if (m_state != State::Waiting && m_state != State::Unknown)
        return; // the check that was in flight found it paid or closed
    setState(State::Cancelling);
    const qint64 id = m_payment.id;
    runAsync(
        [this, id] {
            return m_payments.cancel(id, m_cashier);
        },
        [this](const Result<Payment>& r) {
            if (r) {
                adopt(*r);
                return;
            }
            m_error = r.error();
            if (r.error().code == ErrorCode::OrderPaid) {
                // Paid while we were closing: the core applied it; show it paid.
                auto now = m_payments.status(m_payment.id, m_cashier);
                if (now)
                    adopt(*now);
                return;
            }
            // The close did not go through: the QR may still be payable. Keep checking.
            setState(State::Unknown);
        });
}

void CashierSession::finish()
{
    if (m_state == State::Paid || m_state == State::Failed || m_state == State::Closed) {
        m_payment = {};
        m_error = {};
        setState(State::Idle);
    }
}

void CashierSession::onEvents(const QList<FeedEvent>& events)
{
    if (m_payment.id == 0 || (m_state != State::Waiting && m_state != State::Unknown))
        return;
    for (const FeedEvent& e : events) {
        if (e.entityType == u"payment"_s && e.entityId == m_payment.id) {
            auto now = m_payments.status(m_payment.id, m_cashier); // a local read: cheap, no channel call
            if (now)
                adopt(*now);
            return;
        }
    }
}

void CashierSession::onTick()
{
    const qint64 left = secondsLeft();
    Q_EMIT tick(left);
    if (m_state == State::Waiting && left == 0)
        checkNow(); // query once more at expiry; if still unpaid, its answer closes the order
}

} // namespace paydesk::ui
