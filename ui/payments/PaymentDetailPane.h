#pragma once

#include <optional>

#include <QWidget>

#include "core/domain/AccessControl.h"
#include "core/store/PaymentQuery.h"

class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTableWidget;
class QTabWidget;
class QTreeWidget;

namespace paydesk::ui {

/// One payment in full: its state-machine timeline, the raw notifications received for it (with verdicts), its
/// refunds and its audit entries, plus the "Refund…" action for roles that may refund.
class PaymentDetailPane final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PaymentDetailPane)
public:
    PaymentDetailPane(const PaymentQuery& query, Actor actor, QWidget* parent = nullptr);

    /// Loads and shows a payment (0 clears the pane).
    void showPayment(qint64 paymentId);
    /// Reloads the payment shown.
    void reload();
    [[nodiscard]] qint64 paymentId() const { return m_paymentId; }
    [[nodiscard]] const std::optional<PaymentDetail>& detail() const { return m_detail; }
    /// Whether the refund id belongs to the payment shown.
    [[nodiscard]] bool showsRefund(qint64 refundId) const;

Q_SIGNALS:
    void refundRequested(qint64 paymentId);

private:
    void fill();
    void showNotificationRaw();

    const PaymentQuery& m_query;
    Actor m_actor;
    qint64 m_paymentId = 0;
    std::optional<PaymentDetail> m_detail;
    QLabel* m_title;
    QLabel* m_summary;
    QLabel* m_refundable;
    QPushButton* m_refundButton;
    QTabWidget* m_tabs;
    QTreeWidget* m_history;
    QTableWidget* m_notifications;
    QPlainTextEdit* m_raw;
    QTableWidget* m_refunds;
    QTableWidget* m_audit;
};

} // namespace paydesk::ui
