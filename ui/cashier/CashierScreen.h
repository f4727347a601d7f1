#pragma once

#include <functional>

#include <QWidget>

#include "ui/cashier/CashierSession.h"

class QLabel;
class QPushButton;
class QStackedWidget;
class QTableWidget;

namespace paydesk {
class PaymentQuery;
}

namespace paydesk::ui {

class AmountKeypad;
class QrCodeWidget;

/// The counter: amount, channel, the QR with its countdown and live status, the big "paid" state, cancel, done,
/// receipt, and this cashier's payments and takings today.
class CashierScreen final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CashierScreen)
public:
    CashierScreen(CashierSession& session,
        const PaymentQuery& query,
        Actor cashier,
        QString merchantName,
        QWidget* parent = nullptr);

    /// Training mode: a button on the QR page plays the customer (scan and pay on the simulator).
    void setTrainingCustomer(std::function<Status(const QString& outTradeNo)> pay);

public Q_SLOTS:
    void refreshTakings();

Q_SIGNALS:
    /// A receipt went to a PDF file (no printer installed): the path, for the status bar.
    void receiptSaved(const QString& path);

private:
    void onStateChanged(CashierSession::State state);
    void onTick(qint64 secondsLeft);
    void printReceipt(const Payment& payment, bool reprint);
    void reprintSelected();
    [[nodiscard]] ChannelKind selectedChannel() const;
    [[nodiscard]] QString channelLabel(ChannelKind kind) const;

    CashierSession& m_session;
    const PaymentQuery& m_query;
    Actor m_cashier;
    QString m_merchantName;
    AmountKeypad* m_keypad;
    QPushButton* m_wechat;
    QPushButton* m_alipay;
    QStackedWidget* m_right;
    QrCodeWidget* m_qr;
    QLabel* m_qrAmount;
    QLabel* m_countdown;
    QLabel* m_status;
    QLabel* m_result;
    QPushButton* m_cancel;
    QPushButton* m_simPay;
    QPushButton* m_done;
    QPushButton* m_print;
    QLabel* m_takings;
    QTableWidget* m_recent;
    QList<qint64> m_recentIds;
};

} // namespace paydesk::ui
