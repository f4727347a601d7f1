// The amount parsers: Money::parse / parseSigned (core/money), Alipay's yuan and China-time parsers
// (core/channels/alipay/AlipayAmount) and WeChat's fee parser. Properties: whatever parses prints back to text that
// parses to the same amount; Alipay's two-decimal yuan prints back to exactly its input and agrees with Money::parse;
// an Alipay time without milliseconds prints back to exactly its input.
#include "core/money/Money.h"

#include "core/channels/alipay/AlipayAmount.h"
#include "core/channels/wechatpay/TradeBillParser.h"
#include "tests/fuzz/FuzzSupport.h"

using namespace paydesk;

namespace {

void checkMoney(const QString& text, const Currency& currency)
{
    const auto plain = Money::parse(text, currency);
    const auto signedAmount = Money::parseSigned(text, currency);
    if (plain) {
        PD_FUZZ_CHECK(!plain->isNegative());
        PD_FUZZ_CHECK(signedAmount.has_value() && *signedAmount == *plain);
    }
    if (signedAmount) {
        const auto again = Money::parseSigned(signedAmount->toDecimalString(), currency);
        PD_FUZZ_CHECK(again.has_value() && *again == *signedAmount);
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const QString text = QString::fromUtf8(fuzz::view(data, size));
    checkMoney(text, Currency::cny());
    checkMoney(text, *Currency::fromCode(u"JPY"));

    if (const auto yuan = alipay::parseYuan(text)) {
        PD_FUZZ_CHECK(alipay::formatYuan(*yuan) == text);
        const auto money = Money::parse(text);
        PD_FUZZ_CHECK(money.has_value() && *money == *yuan);
    }
    if (const auto yuan = alipay::parseYuanSigned(text)) {
        const auto money = Money::parseSigned(text);
        PD_FUZZ_CHECK(money.has_value() && *money == *yuan);
    }
    (void)wechatpay::parseFeeYuan(text);
    if (const auto time = alipay::parseChinaTime(text); time && text.size() == 19)
        PD_FUZZ_CHECK(alipay::formatChinaTime(*time) == text);
    return 0;
}
