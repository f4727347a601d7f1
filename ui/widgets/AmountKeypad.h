#pragma once

#include <QString>
#include <QWidget>

#include "core/money/Money.h"
#include "core/util/Result.h"

class QGridLayout;
class QLabel;
class QPushButton;

namespace paydesk::ui {

/// The cashier's amount entry: a large display and an on-screen keypad, also driven by the physical keyboard.
/// The text is checked on every key, so it is always a valid yuan amount in the making: at most two decimals, one
/// '.', no leading zeros, never above kMaxFen. Enter (or the charge key) asks to charge the amount.
class AmountKeypad final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AmountKeypad)
public:
    /// 100,000,000.00 yuan, in fen: larger amounts are refused as they are typed.
    static constexpr qint64 kMaxFen = 10'000'000'000;

    explicit AmountKeypad(QWidget* parent = nullptr);

    /// What the cashier has typed, e.g. "12.3" ("" when nothing yet).
    [[nodiscard]] QString text() const { return m_text; }
    /// The typed amount; InvalidAmount when it is empty or zero.
    [[nodiscard]] Result<Money> amount() const;
    void clear();

    /// Applies one key as the on-screen keypad does: "0".."9", "00", ".", "\b" (backspace), "C" (clear).
    /// False when refused, leaving the text unchanged.
    bool press(const QString& key);

Q_SIGNALS:
    void amountChanged(const QString& text);
    void chargeRequested(const paydesk::Money& amount);

protected:
    void keyPressEvent(QKeyEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    QPushButton* addKey(
        QGridLayout* grid, const QString& label, const QString& objectName, const QString& key, int row, int column);
    void setText(const QString& text);
    void requestCharge();
    void refuse();
    void updateDisplay();
    void retranslate();

    QString m_text;
    QLabel* m_display;
    QLabel* m_currency;
    QPushButton* m_chargeButton = nullptr;
    QPushButton* m_clearButton = nullptr;
    QPushButton* m_backspaceButton = nullptr;
};

} // namespace paydesk::ui
