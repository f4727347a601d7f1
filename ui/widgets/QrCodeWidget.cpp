#include "ui/widgets/QrCodeWidget.h"

#include <algorithm>
#include <exception>

#include <QPaintEvent>
#include <QPainter>
#include <qrcodegen.hpp>

using namespace Qt::StringLiterals;

namespace paydesk::ui {

namespace {

// One pixel per module. qrcodegen throws when the text does not fit in version 40; the exception stays in here.
QImage moduleImage(const QString& text)
{
    if (text.isEmpty())
        return {};
    try {
        const QByteArray utf8 = text.toUtf8();
        const qrcodegen::QrCode code = qrcodegen::QrCode::encodeText(utf8.constData(), qrcodegen::QrCode::Ecc::MEDIUM);
        const int side = code.getSize() + 2 * QrCodeWidget::kQuietZone;
        QImage image(side, side, QImage::Format_RGB32);
        image.fill(Qt::white);
        for (int y = 0; y < code.getSize(); ++y) {
            for (int x = 0; x < code.getSize(); ++x) {
                if (code.getModule(x, y))
                    image.setPixel(x + QrCodeWidget::kQuietZone, y + QrCodeWidget::kQuietZone, qRgb(0, 0, 0));
            }
        }
        return image;
    } catch (const std::exception&) {
        return {};
    }
}

} // namespace

QrCodeWidget::QrCodeWidget(QWidget* parent)
    : QWidget(parent)
{
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
    setAttribute(Qt::WA_OpaquePaintEvent);
}

void QrCodeWidget::setText(const QString& text)
{
    if (text == m_text)
        return;
    m_text = text;
    m_modules = moduleImage(text);
    update();
}

void QrCodeWidget::setOverlay(const QString& text)
{
    if (text == m_overlay)
        return;
    m_overlay = text;
    update();
}

QImage QrCodeWidget::render(const QString& text, int pixelsPerModule)
{
    const QImage modules = moduleImage(text);
    if (modules.isNull() || pixelsPerModule < 1)
        return {};
    // Qt::FastTransformation is nearest-neighbour: an exact integer scale keeps every module a solid square.
    return modules.scaled(modules.size() * pixelsPerModule, Qt::IgnoreAspectRatio, Qt::FastTransformation);
}

QRect QrCodeWidget::codeRect() const
{
    const int modules = moduleCount();
    if (modules == 0)
        return {};
    // A whole number of pixels per module: fractional scaling would make some modules a pixel wider than others,
    // which blurs edges after camera resampling. Below one pixel per module nothing useful can be drawn anyway.
    const int scale = std::max(1, std::min(width(), height()) / modules);
    const int side = modules * scale;
    return { (width() - side) / 2, (height() - side) / 2, side, side };
}

QSize QrCodeWidget::sizeHint() const
{
    return { 320, 320 };
}

QSize QrCodeWidget::minimumSizeHint() const
{
    return { 120, 120 };
}

void QrCodeWidget::paintEvent(QPaintEvent* event)
{
    QPainter painter(this);
    painter.fillRect(event->rect(), Qt::white);
    const QRect area = codeRect();
    if (area.isEmpty())
        return;
    const int scale = area.width() / moduleCount();
    // A code that can no longer be paid is drawn in a grey too faint for a scanner to binarise as dark.
    const QColor dark = m_overlay.isEmpty() ? QColor(Qt::black) : QColor(0xe4, 0xe4, 0xe4);
    painter.setRenderHint(QPainter::Antialiasing, false);
    for (int y = 0; y < m_modules.height(); ++y) {
        for (int x = 0; x < m_modules.width(); ++x) {
            if (m_modules.pixel(x, y) == qRgb(0, 0, 0))
                painter.fillRect(area.x() + x * scale, area.y() + y * scale, scale, scale, dark);
        }
    }
    if (!m_overlay.isEmpty())
        paintOverlay(painter, area);
}

void QrCodeWidget::paintOverlay(QPainter& painter, const QRect& area) const
{
    painter.setRenderHint(QPainter::Antialiasing, true);
    painter.setRenderHint(QPainter::TextAntialiasing, true);
    QFont font = this->font();
    font.setBold(true);
    // The largest size at which the text fits in 85% of the code's width, so it reads from across the counter.
    const int maxWidth = area.width() * 85 / 100;
    int pixelSize = std::max(12, area.height() / 7);
    for (; pixelSize > 10; --pixelSize) {
        font.setPixelSize(pixelSize);
        if (QFontMetrics(font).horizontalAdvance(m_overlay) <= maxWidth)
            break;
    }
    painter.setFont(font);
    const QFontMetrics metrics(font);
    const int bandHeight = metrics.height() * 2;
    const QRect band(area.x(), area.center().y() - bandHeight / 2, area.width(), bandHeight);
    painter.fillRect(band, QColor(0xb7, 0x1c, 0x1c, 230));
    painter.setPen(Qt::white);
    painter.drawText(band, Qt::AlignCenter, m_overlay);
}

} // namespace paydesk::ui
