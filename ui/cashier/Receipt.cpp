#include "ui/cashier/Receipt.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QPageSize>
#include <QPrinter>
#include <QPrinterInfo>
#include <QStandardPaths>
#include <QTextDocument>

using namespace Qt::StringLiterals;

namespace paydesk::ui {

namespace {

QString channelName(ChannelKind kind)
{
    return kind == ChannelKind::WeChatPay ? Receipt::tr("WeChat Pay") : Receipt::tr("Alipay");
}

void render(QPrinter& printer, const QString& html)
{
    // 80 mm roll paper, as counter printers use.
    printer.setPageSize(QPageSize(QSizeF(80, 200), QPageSize::Millimeter));
    printer.setPageMargins(QMarginsF(4, 4, 4, 4), QPageLayout::Millimeter);
    QTextDocument doc;
    doc.setHtml(html);
    doc.setPageSize(printer.pageLayout().paintRectPixels(printer.resolution()).size());
    doc.print(&printer);
}

} // namespace

QString Receipt::html(const Payment& p, const QString& merchantName, const QString& cashier)
{
    const QString paidAt =
        p.paidAtMs ? QDateTime::fromMSecsSinceEpoch(p.paidAtMs).toString(u"yyyy-MM-dd HH:mm:ss"_s) : QString();
    const auto row = [](const QString& k, const QString& v) {
        return u"<tr><td>%1</td><td align='right'>%2</td></tr>"_s.arg(k.toHtmlEscaped(), v.toHtmlEscaped());
    };
    return u"<h3 align='center'>%1</h3><p align='center'>%2</p><table width='100%'>%3%4%5%6%7%8</table>"
           u"<h2 align='center'>¥%9</h2><p align='center'>%10</p>"_s
               .arg(merchantName.toHtmlEscaped(),
                   tr("Payment receipt").toHtmlEscaped(),
                   row(tr("Time"), paidAt),
                   row(tr("Channel"), channelName(p.channel)),
                   row(tr("Order number"), p.outTradeNo),
                   row(tr("Transaction"), p.channelTxnId),
                   row(tr("Cashier"), cashier),
                   row(tr("Status"), p.refundedMinor > 0 ? tr("Partly refunded") : tr("Paid")))
               .arg(p.amount.toDecimalString(), tr("Thank you for your purchase").toHtmlEscaped());
}

Status Receipt::writePdf(
    const Payment& payment, const QString& merchantName, const QString& cashier, bool reprint, const QString& path)
{
    QPrinter printer(QPrinter::HighResolution);
    printer.setOutputFormat(QPrinter::PdfFormat);
    printer.setOutputFileName(path);
    QString html = Receipt::html(payment, merchantName, cashier);
    if (reprint)
        html.prepend(u"<p align='center'><b>%1</b></p>"_s.arg(tr("REPRINT").toHtmlEscaped()));
    render(printer, html);
    if (!QFileInfo::exists(path))
        return fail(ErrorCode::Internal, u"could not write %1"_s.arg(path));
    return {};
}

Result<QString> Receipt::print(
    const Payment& payment, const QString& merchantName, const QString& cashier, bool reprint)
{
    if (QPrinterInfo::availablePrinters().isEmpty()) {
        QString dir = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
        if (dir.isEmpty())
            dir = QDir::homePath();
        dir = QDir(dir).filePath(u"PayDesk"_s);
        QDir().mkpath(dir);
        const QString path =
            QDir(dir).filePath(u"receipt-%1%2.pdf"_s.arg(payment.outTradeNo, reprint ? u"-reprint"_s : QString()));
        if (auto s = writePdf(payment, merchantName, cashier, reprint, path); !s)
            return tl::unexpected(s.error());
        return path;
    }
    QPrinter printer(QPrinterInfo::defaultPrinter(), QPrinter::HighResolution);
    QString html = Receipt::html(payment, merchantName, cashier);
    if (reprint)
        html.prepend(u"<p align='center'><b>%1</b></p>"_s.arg(tr("REPRINT").toHtmlEscaped()));
    render(printer, html);
    return QString();
}

} // namespace paydesk::ui
