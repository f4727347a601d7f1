#include "core/channels/alipay/ResponseVerifier.h"

#include <QJsonDocument>
#include <QJsonParseError>

#include "core/channels/alipay/SignContent.h"

using namespace Qt::StringLiterals;

namespace paydesk::alipay {

namespace {

struct Member
{
    QByteArrayView key;
    qsizetype valueStart = 0;
    qsizetype valueEnd = 0; // one past the value
};

// A small scanner over a body QJsonDocument already accepted as valid JSON, so it only has to find boundaries.
class Scanner
{
public:
    explicit Scanner(QByteArrayView s)
        : m_s(s)
    {
    }
    void skipWs()
    {
        while (
            m_pos < m_s.size() && (m_s[m_pos] == ' ' || m_s[m_pos] == '\t' || m_s[m_pos] == '\n' || m_s[m_pos] == '\r'))
            ++m_pos;
    }
    bool eat(char c)
    {
        skipWs();
        if (m_pos < m_s.size() && m_s[m_pos] == c) {
            ++m_pos;
            return true;
        }
        return false;
    }
    char peek() const { return m_pos < m_s.size() ? m_s[m_pos] : '\0'; }
    // At an opening quote: move past the closing quote, honouring backslash escapes.
    bool skipString()
    {
        if (peek() != '"')
            return false;
        for (++m_pos; m_pos < m_s.size(); ++m_pos) {
            if (m_s[m_pos] == '\\')
                ++m_pos;
            else if (m_s[m_pos] == '"') {
                ++m_pos;
                return true;
            }
        }
        return false;
    }
    // At '{' or '[': move past the matching closer; brackets inside strings do not count.
    bool skipNested()
    {
        int depth = 0;
        while (m_pos < m_s.size()) {
            const char c = m_s[m_pos];
            if (c == '"') {
                if (!skipString())
                    return false;
                continue;
            }
            if (c == '{' || c == '[')
                ++depth;
            else if (c == '}' || c == ']')
                --depth;
            ++m_pos;
            if (depth == 0)
                return true;
        }
        return false;
    }
    bool skipValue()
    {
        skipWs();
        const char c = peek();
        if (c == '"')
            return skipString();
        if (c == '{' || c == '[')
            return skipNested();
        while (m_pos < m_s.size() && m_s[m_pos] != ',' && m_s[m_pos] != '}' && m_s[m_pos] != ']' && m_s[m_pos] != ' '
            && m_s[m_pos] != '\t' && m_s[m_pos] != '\n' && m_s[m_pos] != '\r')
            ++m_pos;
        return true;
    }
    qsizetype pos() const { return m_pos; }

private:
    QByteArrayView m_s;
    qsizetype m_pos = 0;
};

Result<QList<Member>> topLevelMembers(QByteArrayView body)
{
    QJsonParseError err {};
    const QJsonDocument doc = QJsonDocument::fromJson(body.toByteArray(), &err);
    if (err.error != QJsonParseError::NoError || !doc.isObject())
        return fail(ErrorCode::MalformedInput, u"response is not a JSON object: "_s + err.errorString());
    QList<Member> members;
    Scanner sc(body);
    if (!sc.eat('{'))
        return fail(ErrorCode::MalformedInput, u"response is not a JSON object"_s);
    if (sc.eat('}'))
        return members;
    do {
        sc.skipWs();
        const qsizetype keyStart = sc.pos();
        if (!sc.skipString())
            return fail(ErrorCode::MalformedInput, u"bad member name in response"_s);
        Member m;
        m.key = body.sliced(keyStart + 1, sc.pos() - keyStart - 2);
        if (!sc.eat(':'))
            return fail(ErrorCode::MalformedInput, u"missing ':' in response"_s);
        sc.skipWs();
        m.valueStart = sc.pos();
        if (!sc.skipValue())
            return fail(ErrorCode::MalformedInput, u"unterminated value in response"_s);
        m.valueEnd = sc.pos();
        for (const Member& other : members) {
            if (other.key == m.key)
                return fail(ErrorCode::MalformedInput, u"repeated member in response: "_s + QString::fromUtf8(m.key));
        }
        members.append(m);
    } while (sc.eat(','));
    if (!sc.eat('}'))
        return fail(ErrorCode::MalformedInput, u"trailing data in response object"_s);
    return members;
}

const Member* findMember(const QList<Member>& members, QByteArrayView key)
{
    for (const Member& m : members) {
        if (m.key == key)
            return &m;
    }
    return nullptr;
}

QString stringMember(const QJsonObject& o, QLatin1StringView key)
{
    const QJsonValue v = o.value(key);
    return v.isString() ? v.toString() : QString();
}

} // namespace

QByteArray responseKeyFor(QStringView method)
{
    QByteArray key = method.toUtf8();
    key.replace('.', '_');
    key += "_response";
    return key;
}

Result<QByteArray> extractSignedContent(QByteArrayView rawBody, QByteArrayView key)
{
    auto members = topLevelMembers(rawBody);
    if (!members)
        return tl::unexpected(members.error());
    const Member* m = findMember(*members, key);
    if (!m)
        return fail(ErrorCode::MalformedInput, u"response has no member "_s + QString::fromUtf8(key));
    const QByteArrayView value = rawBody.sliced(m->valueStart, m->valueEnd - m->valueStart);
    if (!value.startsWith('{') || !value.endsWith('}'))
        return fail(ErrorCode::MalformedInput, QString::fromUtf8(key) + u" is not an object"_s);
    return value.toByteArray();
}

Result<VerifiedResponse> verifyResponse(
    QByteArrayView rawBody, QStringView method, const crypto::RsaPublicKey& alipayKey)
{
    auto members = topLevelMembers(rawBody);
    if (!members)
        return tl::unexpected(members.error());
    VerifiedResponse out;
    const QByteArray responseKey = responseKeyFor(method);
    const Member* m = findMember(*members, responseKey);
    if (!m) {
        m = findMember(*members, "error_response");
        out.errorResponse = true;
    }
    if (!m)
        return fail(ErrorCode::MalformedInput,
            u"response has neither "_s + QString::fromUtf8(responseKey) + u" nor error_response"_s);
    const QByteArray content = rawBody.sliced(m->valueStart, m->valueEnd - m->valueStart).toByteArray();
    if (!content.startsWith('{'))
        return fail(ErrorCode::MalformedInput, u"response member is not an object"_s);

    QByteArray sign;
    if (const Member* s = findMember(*members, "sign")) {
        const QByteArrayView v = rawBody.sliced(s->valueStart, s->valueEnd - s->valueStart);
        // Base64 has no characters JSON escapes except '/', which may come as "\/".
        if (v.size() < 2 || !v.startsWith('"') || !v.endsWith('"'))
            return fail(ErrorCode::ResponseSignatureInvalid, u"sign is not a string"_s);
        sign = v.sliced(1, v.size() - 2).toByteArray().replace("\\/", "/");
    }

    // Parse the inner object from the very bytes that are verified, so what the caller reads is what was signed.
    const QJsonDocument inner = QJsonDocument::fromJson(content);
    out.body = inner.object();
    out.code = stringMember(out.body, "code"_L1);
    out.msg = stringMember(out.body, "msg"_L1);
    out.subCode = stringMember(out.body, "sub_code"_L1);
    out.subMsg = stringMember(out.body, "sub_msg"_L1);

    if (sign.isEmpty()) {
        if (out.isSuccess() || (!out.errorResponse && out.code.isEmpty()))
            return fail(ErrorCode::ResponseSignatureInvalid, u"unsigned success response for "_s + method.toString());
        if (out.code.isEmpty())
            return fail(ErrorCode::MalformedInput, u"unsigned error response without a code"_s);
        return out;
    }
    bool ok = verifyRsa2(alipayKey, content, sign);
    if (!ok && content.contains("\\/")) {
        QByteArray unescaped = content;
        ok = verifyRsa2(alipayKey, unescaped.replace("\\/", "/"), sign);
    }
    if (!ok)
        return fail(
            ErrorCode::ResponseSignatureInvalid, u"response signature does not verify for "_s + method.toString());
    out.signatureChecked = true;
    if (out.code.isEmpty())
        return fail(ErrorCode::MalformedInput, u"signed response without a code"_s);
    return out;
}

} // namespace paydesk::alipay
