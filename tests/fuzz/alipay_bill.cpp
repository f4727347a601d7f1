// Alipay's bill parsers (core/channels/alipay/AlipayBill, AlipayBillZip, GbkCodec). A zip ("PK" first) goes the
// whole download path, parseBillZip(): the entry search, CRC, GBK decoding, then the CSV parser. Anything else is fed
// to the CSV parser directly, both as UTF-8 and as GBK, so the fuzzer need not get through a zip to reach it.
#include <QDate>

#include "core/channels/alipay/AlipayBill.h"
#include "core/channels/alipay/GbkCodec.h"
#include "tests/fuzz/FuzzSupport.h"

using namespace paydesk;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const QByteArray input = fuzz::bytes(data, size);
    if (input.startsWith("PK")) {
        (void)alipay::parseBillZip(input, QDate(2024, 3, 15));
        return 0;
    }
    (void)alipay::parseBillCsv(QString::fromUtf8(input));
    if (const auto text = alipay::decodeGbk(input))
        (void)alipay::parseBillCsv(*text);
    return 0;
}
