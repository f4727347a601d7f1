#include "core/sim/SimPage.h"

#include <QCoreApplication>

#include "core/sim/SimContext.h"

using namespace Qt::StringLiterals;

namespace paydesk::sim::SimPage {

namespace {

QString esc(const QString& s)
{
    return s.toHtmlEscaped();
}

QString channelLabel(SimChannel c)
{
    return c == SimChannel::WeChat ? QCoreApplication::translate("paydesk::sim::SimPage", "WeChat Pay")
                                   : QCoreApplication::translate("paydesk::sim::SimPage", "Alipay");
}

QString button(const QString& outTradeNo, const QString& action, const QString& label)
{
    const QString no = QString::fromLatin1(QUrl::toPercentEncoding(outTradeNo));
    return u"<form method=\"post\" action=\"/sim/orders/%1/%2?redirect=1\"><button>%3</button></form>"_s.arg(
        no, action, esc(label));
}

} // namespace

QString render(const QList<SimOrder>& orders, qint64 nowMs)
{
    QString rows;
    int open = 0;
    for (const SimOrder& o : orders) {
        if (!o.isOpen())
            continue;
        ++open;
        const qint64 left = std::max<qint64>(0, (std::min(o.expiresMs, o.codeUrlExpiresMs) - nowMs) / 1000);
        const QString timeLeft = left > 0
            ? QCoreApplication::translate("paydesk::sim::SimPage", "%1 min %2 s").arg(left / 60).arg(left % 60)
            : QCoreApplication::translate("paydesk::sim::SimPage", "expired");
        QString actions =
            button(o.outTradeNo, u"pay"_s, QCoreApplication::translate("paydesk::sim::SimPage", "Scan and pay"));
        if (o.channel == SimChannel::Alipay && o.state == OrderState::Created)
            actions +=
                button(o.outTradeNo, u"scan"_s, QCoreApplication::translate("paydesk::sim::SimPage", "Scan only"));
        actions +=
            button(o.outTradeNo, u"fail"_s, QCoreApplication::translate("paydesk::sim::SimPage", "Payment fails"));
        rows += u"<tr><td>%1</td><td>%2</td><td class=\"amount\">¥%3</td><td>%4</td><td>%5</td><td>%6</td></tr>"_s.arg(
            esc(channelLabel(o.channel)),
            esc(o.outTradeNo),
            yuan(o.totalFen),
            esc(o.description),
            esc(timeLeft),
            actions);
    }
    if (open == 0)
        rows = u"<tr><td colspan=\"6\">%1</td></tr>"_s.arg(esc(
            QCoreApplication::translate("paydesk::sim::SimPage", "No open orders. Create one at the cashier screen.")));
    return u"<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
           "<meta http-equiv=\"refresh\" content=\"3\"><title>%1</title>"
           "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
           "td,th{border:1px solid #ccc;padding:.4em .8em}td.amount{text-align:right;font-weight:bold}"
           "form{display:inline;margin-right:.3em}</style></head><body>"
           "<h1>%1</h1><p>%2</p><table><tr><th>%3</th><th>%4</th><th>%5</th><th>%6</th><th>%7</th><th>%8</th></tr>"
           "%9</table></body></html>"_s.arg(
               esc(QCoreApplication::translate("paydesk::sim::SimPage", "PayDesk payment simulator")),
               esc(QCoreApplication::translate("paydesk::sim::SimPage",
                   "Training mode: no real money moves. Press a button to act as the customer.")),
               esc(QCoreApplication::translate("paydesk::sim::SimPage", "Channel")),
               esc(QCoreApplication::translate("paydesk::sim::SimPage", "Order number")),
               esc(QCoreApplication::translate("paydesk::sim::SimPage", "Amount")),
               esc(QCoreApplication::translate("paydesk::sim::SimPage", "Goods")),
               esc(QCoreApplication::translate("paydesk::sim::SimPage", "Time left")),
               esc(QCoreApplication::translate("paydesk::sim::SimPage", "Customer")),
               rows);
}

} // namespace paydesk::sim::SimPage
