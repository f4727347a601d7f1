#include "core/channels/alipay/AlipayErrors.h"

using namespace Qt::StringLiterals;

namespace paydesk::alipay {

bool isSystemError(const VerifiedResponse& r)
{
    return r.code == u"20000" || r.subCode == u"ACQ.SYSTEM_ERROR" || r.subCode == u"isp.unknow-error"
        || r.subCode == u"aop.unknow-error";
}

Error mapGatewayError(QStringView method, const VerifiedResponse& r)
{
    const QString detail = method.toString() + u": code="_s + r.code + u" msg="_s + r.msg + u" sub_code="_s + r.subCode
        + u" sub_msg="_s + r.subMsg + (r.signatureChecked ? QString() : u" (unsigned)"_s);
    ErrorCode code = ErrorCode::ChannelRejected;
    if (isSystemError(r))
        code = ErrorCode::ChannelSystemError;
    else if (r.subCode == u"ACQ.TRADE_HAS_SUCCESS")
        code = ErrorCode::OrderPaid;
    else if (r.subCode == u"ACQ.TRADE_HAS_CLOSE")
        code = ErrorCode::OrderClosed;
    else if (r.subCode == u"ACQ.TRADE_NOT_EXIST")
        code = ErrorCode::OrderNotExist;
    else if (r.subCode == u"ACQ.SELLER_BALANCE_NOT_ENOUGH")
        code = ErrorCode::NotEnoughBalance;
    else if (r.subCode == u"isv.invalid-signature")
        code = ErrorCode::SignatureInvalid;
    // A refusal is certain only when Alipay signed it: an unsigned error_response (or any body a proxy made up)
    // proves nothing, and a system error says "try again", not "no".
    const bool definite = r.signatureChecked && code != ErrorCode::ChannelSystemError;
    return Error { code, detail, definite };
}

} // namespace paydesk::alipay
