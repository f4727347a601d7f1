#pragma once

#include <QFutureWatcher>
#include <QWidget>

#include "core/domain/AccessControl.h"
#include "core/store/EventFeed.h"
#include "core/store/PaymentQuery.h"

class QLabel;
class QLineEdit;
class QPushButton;
class QTableWidget;

namespace paydesk {
class EventListener;
class RefundService;
} // namespace paydesk

namespace paydesk::ui {

class DialogService;

/// Managers' queue of refunds waiting for a second person. The requester's own refunds are listed (so they can see
/// them waiting) but cannot be approved by them; the core and the database refuse that too.
class ApprovalsView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ApprovalsView)
public:
    ApprovalsView(RefundService& refunds,
        const PaymentQuery& query,
        Actor actor,
        DialogService& dialogs,
        QWidget* parent = nullptr);
    ~ApprovalsView() override;

    void reload();
    void setEventListener(EventListener* listener);
    void handleEvents(const QList<paydesk::FeedEvent>& events);
    [[nodiscard]] const QList<ApprovalRow>& rows() const { return m_rows; }

Q_SIGNALS:
    /// An approve or reject finished.
    void decisionFinished(bool ok);

private:
    void updateButtons();
    void decide(bool approve);
    void decided();
    [[nodiscard]] const ApprovalRow* selected() const;

    RefundService& m_refunds;
    const PaymentQuery& m_query;
    Actor m_actor;
    DialogService& m_dialogs;
    QList<ApprovalRow> m_rows;
    QTableWidget* m_table;
    QLineEdit* m_rejectReason;
    QPushButton* m_approve;
    QPushButton* m_reject;
    QLabel* m_hint;
    QFutureWatcher<Result<Refund>> m_watcher;
};

} // namespace paydesk::ui
