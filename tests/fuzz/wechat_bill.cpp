// WeChat Pay's trade bill parser (core/channels/wechatpay/TradeBillParser): the decompressed CSV as downloaded.
#include "core/channels/wechatpay/TradeBillParser.h"
#include "tests/fuzz/FuzzSupport.h"

using namespace paydesk;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    (void)wechatpay::parseTradeBill(fuzz::bytes(data, size));
    return 0;
}
