#pragma once

#include <QImage>
#include <QString>
#include <QWidget>

namespace paydesk::ui {

/// Shows a payment code URL as a QR code. The code is drawn in whole device pixels per module so that a phone camera
/// sees sharp edges at any widget size; an overlay ("expired", "cancelled") makes a code that is no longer payable
/// unscannable while keeping the reason readable.
class QrCodeWidget final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(QrCodeWidget)
public:
    /// Modules of white border on every side, as the QR standard requires for reliable scanning.
    static constexpr int kQuietZone = 4;

    explicit QrCodeWidget(QWidget* parent = nullptr);

    void setText(const QString& text);
    [[nodiscard]] QString text() const { return m_text; }

    /// A non-empty overlay dims the code to a contrast no scanner reads and writes `text` across it; empty clears it.
    void setOverlay(const QString& text);
    [[nodiscard]] QString overlay() const { return m_overlay; }
    [[nodiscard]] bool isScannable() const { return !m_modules.isNull() && m_overlay.isEmpty(); }

    /// Modules per side including the quiet zone (0 when there is no code).
    [[nodiscard]] int moduleCount() const { return m_modules.isNull() ? 0 : m_modules.width(); }
    /// Where the code (with its quiet zone) is painted at the current size, in widget pixels.
    [[nodiscard]] QRect codeRect() const;

    /// The code as a black-on-white image with the quiet zone, `pixelsPerModule` pixels per module.
    /// A null image when `text` is empty or too long for a QR code.
    [[nodiscard]] static QImage render(const QString& text, int pixelsPerModule);

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;
    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int width) const override { return width; }

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    void paintOverlay(QPainter& painter, const QRect& area) const;

    QString m_text;
    QString m_overlay;
    QImage m_modules; // one pixel per module, quiet zone included; black = dark module
};

} // namespace paydesk::ui
