#pragma once

#include <QFutureWatcher>
#include <QPointer>
#include <QWidget>

#include "core/domain/AccessControl.h"
#include "core/store/EventFeed.h"
#include "core/store/PaymentQuery.h"
#include "ui/refunds/RefundDialog.h"

class QComboBox;
class QDateEdit;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;

namespace paydesk {
class EventListener;
class RefundService;
} // namespace paydesk

namespace paydesk::ui {

class DialogService;
class PaymentDetailPane;
class PaymentTableModel;

/// The back office's payments browser: a filter bar (dates, channel, status, cashier, amount range, exact search by
/// our order number or the channel's transaction id), the keyset-paged table, the detail pane of the selected
/// payment, an audited CSV export, and live updates from the event feed.
class PaymentsBrowser final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PaymentsBrowser)
public:
    /// `refunds` may be null (a console without refund rights never opens the dialog).
    PaymentsBrowser(const PaymentQuery& query,
        RefundService* refunds,
        DialogService& dialogs,
        Actor actor,
        QWidget* parent = nullptr);
    ~PaymentsBrowser() override;

    /// Follows the event feed: status changes of loaded payments and their refunds refresh the row and the detail;
    /// new payments that match the filter appear on top.
    void setEventListener(EventListener* listener);
    /// Reads the filter widgets; std::nullopt (and a message) when an amount is not a valid yuan amount.
    [[nodiscard]] std::optional<PaymentFilter> filterFromWidgets();
    /// Applies the filter bar (the Apply button, Return in the search box).
    void applyFilter();
    [[nodiscard]] PaymentTableModel* model() const { return m_model; }
    [[nodiscard]] PaymentDetailPane* detailPane() const { return m_detail; }
    /// The refund dialog currently open, if any.
    [[nodiscard]] RefundDialog* refundDialog() const { return m_refundDialog; }

    /// Handles a batch of feed events (public so a console can forward events it receives otherwise).
    void handleEvents(const QList<paydesk::FeedEvent>& events);

Q_SIGNALS:
    void exportFinished(bool ok, qint64 rows);

private:
    void buildFilterBar();
    void reloadCashiers();
    void selectionChanged();
    void openRefundDialog(qint64 paymentId);
    void startExport();
    void exportDone();
    void updateRowsLabel();
    void showMessage(const QString& text, bool error);
    void maybeFetchNewer(int scrollValue);
    void showArrivals();

    const PaymentQuery& m_query;
    RefundService* m_refunds;
    DialogService& m_dialogs;
    Actor m_actor;
    PaymentTableModel* m_model;
    QDateEdit* m_from = nullptr;
    QDateEdit* m_to = nullptr;
    QComboBox* m_channel = nullptr;
    QComboBox* m_status = nullptr;
    QComboBox* m_cashier = nullptr;
    QLineEdit* m_minAmount = nullptr;
    QLineEdit* m_maxAmount = nullptr;
    QLineEdit* m_search = nullptr;
    QPushButton* m_apply = nullptr;
    QPushButton* m_export = nullptr;
    QPushButton* m_jumpToEnd = nullptr;
    QTableView* m_table;
    PaymentDetailPane* m_detail;
    QLabel* m_rowsLabel;
    QLabel* m_messageLabel;
    QPointer<RefundDialog> m_refundDialog;
    QFutureWatcher<Result<qint64>> m_exportWatcher;
};

} // namespace paydesk::ui
