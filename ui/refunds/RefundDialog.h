#pragma once

#include <optional>

#include <QDialog>
#include <QFutureWatcher>

#include "core/domain/AccessControl.h"
#include "core/store/PaymentRepository.h"
#include "core/store/RefundRepository.h"

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace paydesk {
class RefundService;
}

namespace paydesk::ui {

class DialogService;

/// Finance's refund of one payment: the refundable balance, a partial amount (strict yuan, at most the balance), a
/// required reason, a confirmation, then RefundService::request on a worker thread. The request key is fixed when
/// the dialog opens, so a double click or a retry after an error can never refund twice.
class RefundDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RefundDialog)
public:
    RefundDialog(
        RefundService& service, Payment payment, Actor actor, DialogService& dialogs, QWidget* parent = nullptr);
    ~RefundDialog() override;

    [[nodiscard]] const QString& requestKey() const { return m_requestKey; }
    [[nodiscard]] bool isInFlight() const { return m_inFlight; }
    /// The amount typed, when it is a valid refund amount (else the reason is shown in amountErrorLabel).
    [[nodiscard]] std::optional<Money> validAmount() const;
    /// The refund the service returned, once it did.
    [[nodiscard]] const std::optional<Refund>& result() const { return m_result; }

    /// The stable reason codes offered, in order.
    [[nodiscard]] static QStringList reasonCodes();

    void reject() override;

Q_SIGNALS:
    /// The service accepted the request (whatever the refund's state: processing, awaiting approval, ...).
    void refundSubmitted(const paydesk::Refund& refund);
    /// The request finished, successfully or not.
    void requestFinished(bool ok);

private:
    void validate();
    void submit();
    void finished();
    void setInputsEnabled(bool enabled);

    RefundService& m_service;
    Payment m_payment;
    Actor m_actor;
    DialogService& m_dialogs;
    QString m_requestKey;
    bool m_inFlight = false;
    std::optional<Refund> m_result;
    QLineEdit* m_amount;
    QLabel* m_amountError;
    QComboBox* m_reason;
    QLineEdit* m_reasonText;
    QLabel* m_resultLabel;
    QPushButton* m_refundButton;
    QPushButton* m_closeButton;
    QFutureWatcher<Result<Refund>> m_watcher;
};

} // namespace paydesk::ui
