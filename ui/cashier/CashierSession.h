#pragma once

#include <QFutureWatcher>
#include <QObject>
#include <QTimer>

#include "core/domain/AccessControl.h"
#include "core/store/EventFeed.h"
#include "core/store/PaymentRepository.h"
#include "core/util/Result.h"

namespace paydesk {
class Clock;
class PaymentService;
} // namespace paydesk

namespace paydesk::ui {

/// What the cashier screen is doing with the current charge. The screen is a view of this; all decisions live here
/// so they can be tested without widgets.
class CashierSession final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CashierSession)
public:
    enum class State
    {
        Idle, ///< ready for an amount
        Creating, ///< asking the channel for a QR
        Waiting, ///< the QR is shown; polling and listening
        Paid, ///< confirmed by the core: hand over the goods
        Failed, ///< the channel refused or the payment failed: no QR was shown
        Cancelling, ///< closing the order at the channel
        Closed, ///< cancelled or expired and closed at the channel: the QR is dead
        Unknown, ///< the result could not be confirmed: do not hand over goods, check again
    };
    Q_ENUM(State)

    CashierSession(PaymentService& payments, const Clock& clock, Actor cashier, QObject* parent = nullptr);
    ~CashierSession() override;

    [[nodiscard]] State state() const { return m_state; }
    [[nodiscard]] const Payment& payment() const { return m_payment; }
    [[nodiscard]] const Error& lastError() const { return m_error; }
    /// Seconds until the QR expires (0 when not waiting).
    [[nodiscard]] qint64 secondsLeft() const;
    /// The core has confirmed the payment: only then may the cashier press Done.
    [[nodiscard]] bool canFinish() const { return m_state == State::Paid; }
    void setPollIntervalMs(int ms) { m_poll.setInterval(ms); }

public Q_SLOTS:
    void charge(paydesk::ChannelKind channel, const paydesk::Money& amount, const QString& description = {});
    /// "Cancel this QR": close it at the channel. If the customer paid meanwhile, it ends Paid.
    void cancel();
    /// Done (after Paid), or dismiss a Failed/Closed result: back to Idle.
    void finish();
    /// Ask the channel now (also what the poll timer does).
    void checkNow();
    /// From the event feed: refresh when our payment changed.
    void onEvents(const QList<paydesk::FeedEvent>& events);

Q_SIGNALS:
    void stateChanged(paydesk::ui::CashierSession::State state);
    void tick(qint64 secondsLeft);

private:
    void setState(State state);
    void adopt(const Payment& payment);
    void runAsync(std::function<Result<Payment>()> work, std::function<void(const Result<Payment>&)> done);
    void onTick();
    void startCancel();

    PaymentService& m_payments;
    const Clock& m_clock;
    Actor m_cashier;
    State m_state = State::Idle;
    Payment m_payment;
    Error m_error;
    QTimer m_poll;
    QTimer m_clockTimer;
    bool m_busy = false; ///< one channel call at a time per session
    bool m_cancelWanted = false; ///< cancel pressed (or expiry reached) while a call was in flight
    QList<QFutureWatcher<Result<Payment>>*> m_watchers;
};

} // namespace paydesk::ui
