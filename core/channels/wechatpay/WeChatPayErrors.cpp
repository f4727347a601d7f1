#include "core/channels/wechatpay/WeChatPayErrors.h"

#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace paydesk::wechatpay {

namespace {

QString normalised(const QString& code)
{
    QString c = code.toUpper();
    c.remove(u'_');
    return c;
}

ErrorCode classify(int status, const QString& code, const QString& message)
{
    if (code == u"ORDERPAID"_s || message.contains(u"订单已支付"_s)) {
        return ErrorCode::OrderPaid;
    }
    if (code == u"ORDERCLOSED"_s) {
        return ErrorCode::OrderClosed;
    }
    if (status == 401 || code == u"SIGNERROR"_s) {
        return ErrorCode::SignatureInvalid;
    }
    if (code == u"ORDERNOTEXIST"_s || code == u"RESOURCENOTEXISTS"_s || code == u"RESOURCENOTEXIST"_s) {
        return ErrorCode::OrderNotExist;
    }
    if (code == u"NOTENOUGH"_s) {
        return ErrorCode::NotEnoughBalance;
    }
    if (status == 429 || code == u"RATELIMITEXCEEDED"_s || code == u"FREQUENCYLIMITED"_s) {
        return ErrorCode::RateLimited;
    }
    if (status >= 500 || code == u"SYSTEMERROR"_s || code == u"SERVICEUNAVAILABLE"_s || code == u"BANKERROR"_s) {
        return ErrorCode::ChannelSystemError;
    }
    if (status == 404) {
        return ErrorCode::OrderNotExist;
    }
    if (status >= 400) {
        return ErrorCode::ChannelRejected;
    }
    // 1xx/3xx and 2xx answers the caller did not expect (202 USERPAYING on close): try again later.
    return ErrorCode::ChannelSystemError;
}

} // namespace

Error mapHttpError(int status, const QByteArray& body)
{
    const QJsonObject o = QJsonDocument::fromJson(body).object();
    const QString rawCode = o.value(u"code"_s).toString();
    const QString message = o.value(u"message"_s).toString();
    const ErrorCode code = classify(status, normalised(rawCode), message);
    QString detail = u"HTTP %1"_s.arg(status);
    if (!rawCode.isEmpty()) {
        detail += u' ' + rawCode.left(64);
    }
    if (!message.isEmpty()) {
        detail += u": "_s + message.left(200);
    }
    return Error { code, detail };
}

bool isBusinessRefusal(int status, ErrorCode code)
{
    return status >= 400 && status <= 499 && code != ErrorCode::RateLimited && code != ErrorCode::ChannelSystemError;
}

} // namespace paydesk::wechatpay
