// Alipay's notification parser (core/channels/alipay/AlipayNotification): the input is the POST body. The fuzzer
// cannot forge RSA signatures, so the verifying entry points (with the public key of the real notification in the
// seed corpus, which verifies) see everything up to the signature check, and decodeNotificationParams() - what runs
// once a signature verified - gets every form that decodes, charset taken from the form as the parser does.
#include "core/channels/alipay/AlipayNotification.h"
#include "core/channels/alipay/FormCodec.h"
#include "tests/fuzz/FuzzSupport.h"

using namespace paydesk;

namespace {

// tests/data/vectors/alipay/keys/nodejs-notify-alipay-public-key-v1.pem: a published test key.
constexpr char kAlipayPublicKey[] = "-----BEGIN PUBLIC KEY-----\n"
                                    "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAqObrdC7hrgAVM98tK0nv\n"
                                    "3hSQRGGKT4lBsQjHiGjeYZjOPIPHR5knm2jnnz/YGIXIofVHkA/tAlBAd5DrY7Yp\n"
                                    "vI4tP5EONLtZKC2ghBMx7McI2wRD0xiqzxOQr1FuhZGJ8/AUokBzJrzY+aGX2xcO\n"
                                    "rxFYRlFilvVLTXg4LWjR1tdPkO6+i7wQZAIVMClPkwVRZEbaERRHlKqTzv2gGv5r\n"
                                    "DU8gRoe1LeaN+6BlbTqHWkQcNCUNrA8C6l17XAXGKDsm/9TFWwO8EPHHHCaQdjtV\n"
                                    "5/FdcWIt+L8SR1ss7EXTjYDFtxcKVv9rEoY1lX8T4mX+GbXfZHraG5NCF1+XioL5\n"
                                    "JwIDAQAB\n"
                                    "-----END PUBLIC KEY-----\n";

const alipay::AlipayConfig& config()
{
    static const alipay::AlipayConfig c = [] {
        alipay::AlipayConfig made;
        made.appId = QStringLiteral("2019073166072302");
        made.alipayPublicKey = *crypto::RsaPublicKey::fromPem(kAlipayPublicKey);
        return made;
    }();
    return c;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    InboundHttp request;
    request.method = "POST";
    request.path = "/notify/alipay";
    request.headers.insert("content-type", "application/x-www-form-urlencoded; charset=utf-8");
    request.body = fuzz::bytes(data, size);
    (void)alipay::verifyNotificationRequest(request, config().alipayPublicKey);
    (void)alipay::parseNotificationRequest(request, config());

    const auto raw = alipay::decodeFormBytes(request.body);
    if (!raw)
        return 0;
    const auto text = alipay::formToText(*raw, raw->value("charset", "utf-8"));
    if (!text)
        return 0;
    (void)alipay::verifyNotificationParams(*text, config().alipayPublicKey);
    (void)alipay::decodeNotificationParams(*text);
    return 0;
}
