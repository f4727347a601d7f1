#include "ui/widgets/AmountKeypad.h"

#include <algorithm>

#include <QApplication>
#include <QEvent>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace paydesk::ui {

namespace {

constexpr int kDisplayPointSize = 36;
constexpr int kKeyPointSize = 20;
constexpr int kKeyMinHeight = 64;
constexpr int kMaxIntegerDigits = 9; // 100000000

// Whether `text` is an amount being typed that may stand: "", "0", "0.", "12.3", "100000000.00"; not "012", "1.234",
// "1..", ".5" or anything above the maximum. A trailing '.' is allowed because the cashier is still typing.
bool isAcceptable(const QString& text)
{
    if (text.isEmpty())
        return true;
    const qsizetype dot = text.indexOf(u'.');
    const QStringView integer = dot < 0 ? QStringView(text) : QStringView(text).left(dot);
    const QStringView fraction = dot < 0 ? QStringView() : QStringView(text).mid(dot + 1);
    if (integer.isEmpty() || integer.size() > kMaxIntegerDigits || fraction.size() > 2)
        return false;
    if (integer.size() > 1 && integer.front() == u'0')
        return false;
    qint64 fen = 0;
    for (QChar c : integer) {
        if (c < u'0' || c > u'9')
            return false;
        fen = fen * 10 + (c.unicode() - u'0');
    }
    fen *= 100;
    qint64 scale = 10;
    for (QChar c : fraction) {
        if (c < u'0' || c > u'9')
            return false;
        fen += (c.unicode() - u'0') * scale;
        scale /= 10;
    }
    return fen <= AmountKeypad::kMaxFen;
}

QFont sized(QFont font, int pointSize, bool bold)
{
    font.setPointSize(pointSize);
    font.setBold(bold);
    return font;
}

} // namespace

AmountKeypad::AmountKeypad(QWidget* parent)
    : QWidget(parent)
    , m_display(new QLabel)
    , m_currency(new QLabel(u"¥"_s))
{
    // The keypad keeps the keyboard focus itself; the buttons never take it, so typing always reaches the amount.
    setFocusPolicy(Qt::StrongFocus);

    m_display->setObjectName(u"amountDisplay"_s);
    m_display->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    m_display->setFont(sized(font(), kDisplayPointSize, true));
    // The label must not widen the keypad as digits are added; updateDisplay() shrinks the font instead.
    m_display->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_display->setMinimumHeight(QFontMetrics(m_display->font()).height() + 8);
    m_currency->setObjectName(u"currencyLabel"_s);
    m_currency->setFont(sized(font(), kKeyPointSize, true));
    m_currency->setAlignment(Qt::AlignLeft | Qt::AlignVCenter);

    auto* displayFrame = new QWidget;
    displayFrame->setObjectName(u"amountDisplayFrame"_s);
    displayFrame->setStyleSheet(
        u"#amountDisplayFrame { background: #f4f6f8; border: 1px solid #c9d1d9; border-radius: 6px; }"_s);
    auto* displayRow = new QHBoxLayout(displayFrame);
    displayRow->setContentsMargins(12, 6, 12, 6);
    displayRow->addWidget(m_currency);
    displayRow->addWidget(m_display, 1);

    auto* grid = new QGridLayout;
    grid->setSpacing(8);
    // A telephone-style layout is what Chinese POS keypads use: 7-8-9 on top, 0 at the bottom left.
    const QString digits[3][3] = { { u"7"_s, u"8"_s, u"9"_s }, { u"4"_s, u"5"_s, u"6"_s }, { u"1"_s, u"2"_s, u"3"_s } };
    for (int row = 0; row < 3; ++row) {
        for (int column = 0; column < 3; ++column)
            addKey(grid, digits[row][column], u"key"_s + digits[row][column], digits[row][column], row, column);
    }
    addKey(grid, u"0"_s, u"key0"_s, u"0"_s, 3, 0);
    addKey(grid, u"00"_s, u"key00"_s, u"00"_s, 3, 1);
    // A lone '.' is a speck at the keys' size; bold makes the decimal point key findable at a glance.
    addKey(grid, u"."_s, u"keyDot"_s, u"."_s, 3, 2)->setFont(sized(font(), kKeyPointSize + 8, true));
    m_backspaceButton = addKey(grid, u"⌫"_s, u"keyBackspace"_s, u"\b"_s, 0, 3);
    m_clearButton = addKey(grid, u"C"_s, u"keyClear"_s, u"C"_s, 1, 3);

    m_chargeButton = new QPushButton;
    m_chargeButton->setObjectName(u"chargeButton"_s);
    m_chargeButton->setFocusPolicy(Qt::NoFocus);
    // A tall, narrow key: a smaller font than the digits so "收款" / "Charge" never clips.
    m_chargeButton->setFont(sized(font(), kKeyPointSize * 3 / 4, true));
    m_chargeButton->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
    m_chargeButton->setMinimumSize(72, kKeyMinHeight * 2 + grid->spacing());
    m_chargeButton->setStyleSheet(
        u"QPushButton { background: #1aad19; color: white; border: none; border-radius: 6px; }"
        u"QPushButton:pressed { background: #128a12; }"
        u"QPushButton:disabled { background: #a5d6a7; }"_s);
    connect(m_chargeButton, &QPushButton::clicked, this, &AmountKeypad::requestCharge);
    grid->addWidget(m_chargeButton, 2, 3, 2, 1);
    for (int column = 0; column < 4; ++column)
        grid->setColumnStretch(column, 1);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 8);
    layout->setSpacing(12);
    layout->addWidget(displayFrame);
    layout->addLayout(grid, 1);

    retranslate();
    updateDisplay();
}

QPushButton* AmountKeypad::addKey(
    QGridLayout* grid, const QString& label, const QString& objectName, const QString& key, int row, int column)
{
    auto* button = new QPushButton(label);
    button->setObjectName(objectName);
    button->setFocusPolicy(Qt::NoFocus);
    button->setFont(sized(font(), kKeyPointSize, false));
    button->setMinimumSize(72, kKeyMinHeight);
    button->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
    button->setAutoRepeat(key == u"\b"_s); // holding backspace deletes repeatedly, like a keyboard
    connect(button, &QPushButton::clicked, this, [this, key] {
        press(key);
    });
    grid->addWidget(button, row, column);
    return button;
}

Result<Money> AmountKeypad::amount() const
{
    // "12." is a valid amount still being typed; Money::parse wants it without the dot.
    QString text = m_text;
    if (text.endsWith(u'.'))
        text.chop(1);
    if (text.isEmpty())
        return fail(ErrorCode::InvalidAmount, u"no amount entered"_s);
    auto money = Money::parse(text);
    if (money && money->isZero())
        return fail(ErrorCode::InvalidAmount, u"a zero amount cannot be charged"_s);
    return money;
}

void AmountKeypad::clear()
{
    setText({});
}

bool AmountKeypad::press(const QString& key)
{
    if (key == u"C"_s) {
        clear();
        return true;
    }
    if (key == u"\b"_s) {
        if (m_text.isEmpty())
            return false;
        setText(m_text.left(m_text.size() - 1));
        return true;
    }
    QString next;
    if (key == u"."_s)
        next = m_text.isEmpty() ? u"0."_s : m_text + key; // "." first means "0."
    else if (m_text == u"0"_s && key != u"0"_s && key != u"00"_s)
        next = key; // a digit after a lone zero replaces it, as on a calculator: "0" then "5" is "5", never "05"
    else
        next = m_text + key;
    if (next == m_text || !isAcceptable(next)) {
        refuse();
        return false;
    }
    setText(next);
    return true;
}

void AmountKeypad::keyPressEvent(QKeyEvent* event)
{
    switch (event->key()) {
    case Qt::Key_Backspace:
    case Qt::Key_Delete:
        press(u"\b"_s);
        return;
    case Qt::Key_Escape:
        clear();
        return;
    case Qt::Key_Enter:
    case Qt::Key_Return:
        requestCharge();
        return;
    default:
        break;
    }
    const QString typed = event->text();
    if (typed.size() == 1 && ((typed.front() >= u'0' && typed.front() <= u'9') || typed.front() == u'.')) {
        press(typed);
        return;
    }
    QWidget::keyPressEvent(event);
}

void AmountKeypad::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    updateDisplay();
}

void AmountKeypad::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void AmountKeypad::setText(const QString& text)
{
    if (text == m_text)
        return;
    m_text = text;
    updateDisplay();
    Q_EMIT amountChanged(m_text);
}

void AmountKeypad::requestCharge()
{
    const auto money = amount();
    if (!money) {
        refuse();
        return;
    }
    Q_EMIT chargeRequested(*money);
}

void AmountKeypad::refuse()
{
    // An audible cue is all a refused key needs: the display simply does not change.
    QApplication::beep();
}

void AmountKeypad::updateDisplay()
{
    const bool empty = m_text.isEmpty();
    const QString shown = empty ? u"0.00"_s : m_text;
    m_display->setText(shown);
    // Grey placeholder until something is typed, so "0.00" is not mistaken for an amount.
    m_display->setStyleSheet(empty ? u"color: #9aa4ad;"_s : u"color: #1f2328;"_s);
    // Keep the largest font that still shows every digit of a long amount such as 100000000.00.
    QFont font = m_display->font();
    const int available = std::max(40, m_display->contentsRect().width() - 4);
    int points = kDisplayPointSize;
    for (; points > 14; points -= 2) {
        font.setPointSize(points);
        if (QFontMetrics(font).horizontalAdvance(shown) <= available)
            break;
    }
    font.setPointSize(points);
    m_display->setFont(font);
    m_chargeButton->setEnabled(amount().has_value());
}

void AmountKeypad::retranslate()
{
    m_chargeButton->setText(tr("Charge"));
    m_chargeButton->setToolTip(tr("Charge this amount (Enter)"));
    m_backspaceButton->setToolTip(tr("Delete the last digit (Backspace)"));
    m_clearButton->setToolTip(tr("Clear the amount (Esc)"));
    m_display->setAccessibleName(tr("Amount in yuan"));
}

} // namespace paydesk::ui
