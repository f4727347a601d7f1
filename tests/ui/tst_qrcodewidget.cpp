// The payment QR: correct modules, pure black and white, modules on whole pixels at any size, and an overlay that
// makes a code no longer payable unscannable.
#include <QImage>
#include <QTest>
#include <qrcodegen.hpp>

#include "ui/widgets/QrCodeWidget.h"

using namespace paydesk;
using namespace Qt::StringLiterals;

namespace {

const QString kUrl = u"weixin://wxpay/bizpayurl?pr=Zq3xY9aBc"_s;

qrcodegen::QrCode reference(const QString& text)
{
    return qrcodegen::QrCode::encodeText(text.toUtf8().constData(), qrcodegen::QrCode::Ecc::MEDIUM);
}

// True when every pixel of the cell at module (mx, my) has the colour `expected`.
bool cellIs(const QImage& image, const QRect& area, int modules, int mx, int my, QRgb expected)
{
    const int scale = area.width() / modules;
    for (int y = 0; y < scale; ++y) {
        for (int x = 0; x < scale; ++x) {
            if (image.pixel(area.x() + mx * scale + x, area.y() + my * scale + y) != expected)
                return false;
        }
    }
    return true;
}

} // namespace

class TestQrCodeWidget final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void renderMatchesTheReferenceEncoder()
    {
        const auto code = reference(kUrl);
        const int modules = code.getSize() + 2 * ui::QrCodeWidget::kQuietZone;
        const QImage image = ui::QrCodeWidget::render(kUrl, 5).convertToFormat(QImage::Format_RGB32);
        QCOMPARE(image.size(), QSize(modules * 5, modules * 5));
        const QRect all(0, 0, image.width(), image.height());
        for (int y = 0; y < modules; ++y) {
            for (int x = 0; x < modules; ++x) {
                const int cx = x - ui::QrCodeWidget::kQuietZone;
                const int cy = y - ui::QrCodeWidget::kQuietZone;
                const bool dark =
                    cx >= 0 && cy >= 0 && cx < code.getSize() && cy < code.getSize() && code.getModule(cx, cy);
                QVERIFY2(cellIs(image, all, modules, x, y, dark ? qRgb(0, 0, 0) : qRgb(255, 255, 255)),
                    qPrintable(u"module %1,%2"_s.arg(x).arg(y)));
            }
        }
    }

    void renderIsPureBlackAndWhite()
    {
        const QImage image = ui::QrCodeWidget::render(kUrl, 3).convertToFormat(QImage::Format_RGB32);
        int black = 0;
        for (int y = 0; y < image.height(); ++y) {
            for (int x = 0; x < image.width(); ++x) {
                const QRgb p = image.pixel(x, y);
                QVERIFY(p == qRgb(0, 0, 0) || p == qRgb(255, 255, 255));
                black += p == qRgb(0, 0, 0) ? 1 : 0;
            }
        }
        QVERIFY(black > 0);
    }

    void renderOfNothingIsNull()
    {
        QVERIFY(ui::QrCodeWidget::render({}, 4).isNull());
        QVERIFY(ui::QrCodeWidget::render(kUrl, 0).isNull());
        QVERIFY(ui::QrCodeWidget::render(QString(5000, u'x'), 4).isNull()); // too long for any QR version
    }

    void modulesLandOnPixelBoundaries_data()
    {
        QTest::addColumn<QSize>("size");
        QTest::newRow("320") << QSize(320, 320);
        QTest::newRow("201x333") << QSize(201, 333);
        QTest::newRow("517x400") << QSize(517, 400);
        QTest::newRow("1000") << QSize(1000, 1000);
    }
    void modulesLandOnPixelBoundaries()
    {
        QFETCH(QSize, size);
        ui::QrCodeWidget widget;
        widget.setObjectName(u"qrCode"_s);
        widget.setText(kUrl);
        QCOMPARE(widget.text(), kUrl);
        widget.resize(size);
        const QImage shot = widget.grab().toImage().convertToFormat(QImage::Format_RGB32);
        const QRect area = widget.codeRect();
        const int modules = widget.moduleCount();
        QCOMPARE(modules, reference(kUrl).getSize() + 8);
        QCOMPARE(area.width(), area.height());
        QCOMPARE(area.width() % modules, 0); // a whole number of pixels per module
        QVERIFY(area.width() > std::min(size.width(), size.height()) - modules); // as large as fits
        QVERIFY(std::abs(area.center().x() - QRect(QPoint(), size).center().x()) <= 1); // centred
        QVERIFY(std::abs(area.center().y() - QRect(QPoint(), size).center().y()) <= 1);
        const QImage expected = ui::QrCodeWidget::render(kUrl, 1).convertToFormat(QImage::Format_RGB32);
        for (int y = 0; y < modules; ++y) {
            for (int x = 0; x < modules; ++x)
                QVERIFY2(cellIs(shot, area, modules, x, y, expected.pixel(x, y)),
                    qPrintable(u"module %1,%2"_s.arg(x).arg(y)));
        }
        QCOMPARE(shot.pixel(0, 0), qRgb(255, 255, 255)); // white around the code too
    }

    void overlayMakesTheCodeUnscannable()
    {
        ui::QrCodeWidget widget;
        widget.setText(kUrl);
        widget.resize(320, 320);
        QVERIFY(widget.isScannable());
        widget.setOverlay(u"Expired"_s);
        QCOMPARE(widget.overlay(), u"Expired"_s);
        QVERIFY(!widget.isScannable());
        const QImage shot = widget.grab().toImage().convertToFormat(QImage::Format_RGB32);
        // No module is black any more: the finder patterns in the corners are dimmed, so no scanner can lock on.
        const QRect area = widget.codeRect();
        const int scale = area.width() / widget.moduleCount();
        const QPoint finder = area.topLeft() + QPoint(4 * scale + scale / 2, 4 * scale + scale / 2);
        QVERIFY(qGray(shot.pixel(finder)) > 200);
        // The reason is drawn across the middle in a coloured band.
        const QRgb middle = shot.pixel(area.left() + 2, area.center().y());
        QVERIFY(qRed(middle) > 150 && qGreen(middle) < 80);

        widget.setOverlay({});
        QVERIFY(widget.isScannable());
        const QImage again = widget.grab().toImage().convertToFormat(QImage::Format_RGB32);
        QCOMPARE(again.pixel(finder), qRgb(0, 0, 0));
    }
};

QTEST_MAIN(TestQrCodeWidget)
#include "tst_qrcodewidget.moc"
