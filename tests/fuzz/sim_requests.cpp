// The simulator's request parsers (core/sim): the Alipay gateway's form decoder, the WeChat Authorization header,
// the control API's JSON bodies (FaultSet, BillDifference) and query strings. Each input goes to all of them.
#include <QJsonDocument>

#include "core/sim/AlipaySigning.h"
#include "core/sim/Faults.h"
#include "core/sim/SimTypes.h"
#include "core/sim/WeChatSigning.h"
#include "tests/fuzz/FuzzSupport.h"

using namespace paydesk;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const QByteArrayView input = fuzz::view(data, size);
    (void)sim::alipay::parseForm(input);
    (void)sim::wechat::parseAuthorization(input);

    QJsonParseError error;
    const QJsonDocument body = QJsonDocument::fromJson(input.toByteArray(), &error);
    if (body.isObject()) {
        (void)sim::FaultSet::fromJson(body.object());
        (void)sim::BillDifference::fromJson(body.object());
    }

    sim::SimRequest request;
    request.query = input.toByteArray();
    (void)request.queryItem(QStringLiteral("token"));
    return 0;
}
