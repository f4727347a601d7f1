#pragma once

#include <QCoreApplication>
#include <QString>

#include "core/store/PaymentRepository.h"
#include "core/util/Result.h"

class QPrinter;

namespace paydesk::ui {

/// The customer's receipt: merchant, time, order number, channel transaction id, amount, cashier.
class Receipt final
{
    Q_DECLARE_TR_FUNCTIONS(paydesk::ui::Receipt)
public:
    /// HTML of the receipt (for a QTextDocument), in the current UI language.
    [[nodiscard]] static QString html(const Payment& payment, const QString& merchantName, const QString& cashier);
    /// Prints to the default printer; with no printer installed, writes a PDF into the user's documents folder and
    /// returns its path (empty when printed on paper).
    [[nodiscard]] static Result<QString> print(
        const Payment& payment, const QString& merchantName, const QString& cashier, bool reprint);
    /// Writes the receipt as a PDF to `path`.
    [[nodiscard]] static Status writePdf(
        const Payment& payment, const QString& merchantName, const QString& cashier, bool reprint, const QString& path);
};

} // namespace paydesk::ui
