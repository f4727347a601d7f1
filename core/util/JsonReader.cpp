#include "core/util/JsonReader.h"

#include <cstring>
#include <limits>

#include "core/util/Hex.h"
#include "core/util/Utf8.h"

using namespace Qt::StringLiterals;

namespace paydesk::json {

namespace {

constexpr int kMaxDepth = 64;

// Four hex digits at p (the caller checked there are four bytes); -1 if not hex.
int hex4(const unsigned char* p)
{
    int v = 0;
    for (int i = 0; i < 4; ++i) {
        const int d = hexDigitValue(p[i]);
        if (d < 0)
            return -1;
        v = (v << 4) | d;
    }
    return v;
}

void appendUtf8(QByteArray& out, char32_t cp)
{
    if (cp < 0x80) {
        out += char(cp);
    } else if (cp < 0x800) {
        out += char(0xc0 | (cp >> 6));
        out += char(0x80 | (cp & 0x3f));
    } else if (cp < 0x10000) {
        out += char(0xe0 | (cp >> 12));
        out += char(0x80 | ((cp >> 6) & 0x3f));
        out += char(0x80 | (cp & 0x3f));
    } else {
        out += char(0xf0 | (cp >> 18));
        out += char(0x80 | ((cp >> 12) & 0x3f));
        out += char(0x80 | ((cp >> 6) & 0x3f));
        out += char(0x80 | (cp & 0x3f));
    }
}

// Resolves the escapes of a string the parser already validated, so every escape here is well formed.
QByteArray unescape(const char* p, qsizetype size)
{
    QByteArray out;
    out.reserve(size);
    const auto* r = reinterpret_cast<const unsigned char*>(p);
    const auto* end = r + size;
    while (r < end) {
        if (*r != '\\') {
            out += char(*r++);
            continue;
        }
        const unsigned char e = r[1];
        r += 2;
        switch (e) {
        case 'b':
            out += '\b';
            break;
        case 'f':
            out += '\f';
            break;
        case 'n':
            out += '\n';
            break;
        case 'r':
            out += '\r';
            break;
        case 't':
            out += '\t';
            break;
        case 'u': {
            char32_t cp = char32_t(hex4(r));
            r += 4;
            if (cp >= 0xd800 && cp <= 0xdbff) {
                cp = 0x10000 + ((cp - 0xd800) << 10) + (char32_t(hex4(r + 2)) - 0xdc00);
                r += 6;
            }
            appendUtf8(out, cp);
            break;
        }
        default:
            out += char(e);
            break; // '"', '\\', '/'
        }
    }
    return out;
}

} // namespace

/// Recursive descent over the bytes, recording one Node per value (and per member name) in pre-order.
class Parser final
{
public:
    Parser(const QByteArray& text, std::vector<Document::Node>& nodes)
        : m_begin(reinterpret_cast<const unsigned char*>(text.constData()))
        , m_p(m_begin)
        , m_end(m_begin + text.size())
        , m_nodes(nodes)
    {
    }

    // Empty on success, else what went wrong.
    const char* parseDocument()
    {
        skipSpace();
        if (m_p == m_end || *m_p != '{')
            return "not a JSON object";
        if (const char* e = parseValue(0))
            return e;
        skipSpace();
        return m_p == m_end ? nullptr : "data after the JSON object";
    }

private:
    void skipSpace()
    {
        while (m_p < m_end && (*m_p == ' ' || *m_p == '\n' || *m_p == '\r' || *m_p == '\t'))
            ++m_p;
    }

    bool literal(const char* word, size_t len)
    {
        if (size_t(m_end - m_p) < len || std::memcmp(m_p, word, len) != 0)
            return false;
        m_p += len;
        return true;
    }

    size_t addNode(Value::Type type)
    {
        m_nodes.push_back(Document::Node { type, false, 0, m_p - m_begin, 0 });
        return m_nodes.size() - 1;
    }

    const char* parseValue(int depth)
    {
        if (m_p == m_end)
            return "unexpected end of JSON";
        const size_t index = addNode(Value::Type::Null);
        const char* error = nullptr;
        switch (*m_p) {
        case '{':
            error = parseObject(index, depth + 1);
            break;
        case '[':
            error = parseArray(index, depth + 1);
            break;
        case '"':
            error = parseString(index);
            break;
        case 't':
            m_nodes[index].type = Value::Type::Bool;
            error = literal("true", 4) ? nullptr : "bad literal";
            break;
        case 'f':
            m_nodes[index].type = Value::Type::Bool;
            error = literal("false", 5) ? nullptr : "bad literal";
            break;
        case 'n':
            error = literal("null", 4) ? nullptr : "bad literal";
            break;
        default:
            error = parseNumber(index);
            break;
        }
        m_nodes[index].next = int(m_nodes.size());
        return error;
    }

    // The frame both containers share: the opening byte, then elements separated by ',' up to `close`. Each element
    // is read by `element` (positioned on its first byte), which returns an error or null.
    template <typename Element>
    const char* parseContainer(
        size_t index, int depth, Value::Type type, char close, const char* separatorError, Element element)
    {
        if (depth > kMaxDepth)
            return "JSON nested too deeply";
        m_nodes[index].type = type;
        ++m_p;
        skipSpace();
        if (m_p < m_end && *m_p == close) {
            ++m_p;
            return nullptr;
        }
        for (;;) {
            skipSpace();
            if (const char* e = element())
                return e;
            skipSpace();
            if (m_p < m_end && *m_p == ',') {
                ++m_p;
                continue;
            }
            if (m_p < m_end && *m_p == close) {
                ++m_p;
                return nullptr;
            }
            return separatorError;
        }
    }

    const char* parseObject(size_t index, int depth)
    {
        const size_t first = m_nodes.size();
        return parseContainer(index, depth, Value::Type::Object, '}', "',' or '}' expected", [&]() -> const char* {
            if (m_p == m_end || *m_p != '"')
                return "object member name expected";
            const size_t name = addNode(Value::Type::String);
            if (const char* e = parseString(name))
                return e;
            m_nodes[name].next = int(m_nodes.size());
            if (isDuplicate(first, name))
                return "a name repeated in one JSON object";
            skipSpace();
            if (m_p == m_end || *m_p != ':')
                return "':' expected";
            ++m_p;
            skipSpace();
            return parseValue(depth);
        });
    }

    const char* parseArray(size_t index, int depth)
    {
        return parseContainer(index, depth, Value::Type::Array, ']', "',' or ']' expected", [&] {
            return parseValue(depth);
        });
    }

    // Compares the new name, as text (escapes resolved), with the earlier names of the same object: objects in
    // channel messages are small, so pairwise is fine.
    bool isDuplicate(size_t first, size_t name) const
    {
        const QByteArray text = nameText(m_nodes[name]);
        for (size_t i = first; i < name; i = size_t(m_nodes[i + 1].next)) {
            if (nameText(m_nodes[i]) == text)
                return true;
        }
        return false;
    }

    QByteArray nameText(const Document::Node& n) const
    {
        const char* p = reinterpret_cast<const char*>(m_begin + n.begin);
        return n.escaped ? unescape(p, n.size) : QByteArray::fromRawData(p, n.size);
    }

    const char* parseString(size_t index)
    {
        Document::Node& node = m_nodes[index];
        node.type = Value::Type::String;
        ++m_p; // opening quote
        node.begin = m_p - m_begin;
        while (m_p < m_end) {
            const unsigned char c = *m_p;
            if (c == '"') {
                node.size = (m_p - m_begin) - node.begin;
                ++m_p;
                return nullptr;
            }
            if (c < 0x20)
                return "control character in a JSON string";
            if (c == '\\') {
                node.escaped = true;
                if (const char* e = escape())
                    return e;
            } else if (c < 0x80) {
                ++m_p;
            } else if (const char* e = utf8()) {
                return e;
            }
        }
        return "unterminated JSON string";
    }

    const char* escape()
    {
        if (m_end - m_p < 2)
            return "unterminated JSON string";
        const unsigned char e = m_p[1];
        if (e != 'u') {
            if (!std::strchr("\"\\/bfnrt", e) || e == 0)
                return "invalid escape in a JSON string";
            m_p += 2;
            return nullptr;
        }
        if (m_end - m_p < 6 || hex4(m_p + 2) < 0)
            return "invalid \\u escape in a JSON string";
        const int cp = hex4(m_p + 2);
        m_p += 6;
        if (cp >= 0xdc00 && cp <= 0xdfff)
            return "lone low surrogate in a JSON string";
        if (cp >= 0xd800 && cp <= 0xdbff) {
            if (m_end - m_p < 6 || m_p[0] != '\\' || m_p[1] != 'u')
                return "lone high surrogate in a JSON string";
            const int low = hex4(m_p + 2);
            if (low < 0xdc00 || low > 0xdfff)
                return "lone high surrogate in a JSON string";
            m_p += 6;
        }
        return nullptr;
    }

    // One multi-byte UTF-8 sequence: shortest form only, no surrogates, nothing above U+10FFFF.
    const char* utf8()
    {
        const int n = utf8SequenceLength(m_p, m_end);
        if (n == 0)
            return "invalid UTF-8 in a JSON string";
        m_p += n;
        return nullptr;
    }

    const char* parseNumber(size_t index)
    {
        Document::Node& node = m_nodes[index];
        node.type = Value::Type::Number;
        const auto digit = [this] {
            return m_p < m_end && *m_p >= '0' && *m_p <= '9';
        };
        if (m_p < m_end && *m_p == '-')
            ++m_p;
        if (!digit())
            return "invalid JSON value";
        if (*m_p == '0') {
            ++m_p;
        } else {
            while (digit())
                ++m_p;
        }
        if (m_p < m_end && *m_p == '.') {
            ++m_p;
            if (!digit())
                return "invalid JSON number";
            while (digit())
                ++m_p;
        }
        if (m_p < m_end && (*m_p == 'e' || *m_p == 'E')) {
            ++m_p;
            if (m_p < m_end && (*m_p == '+' || *m_p == '-'))
                ++m_p;
            if (!digit())
                return "invalid JSON number";
            while (digit())
                ++m_p;
        }
        node.size = (m_p - m_begin) - node.begin;
        return nullptr;
    }

    const unsigned char* m_begin;
    const unsigned char* m_p;
    const unsigned char* m_end;
    std::vector<Document::Node>& m_nodes;
};

Result<Document> Document::parseObject(const QByteArray& text, QStringView what)
{
    Document doc;
    doc.m_text = text;
    doc.m_nodes.reserve(size_t(32 + text.size() / 16));
    Parser parser(doc.m_text, doc.m_nodes);
    if (const char* error = parser.parseDocument()) {
        return fail(
            ErrorCode::MalformedInput, what.toString() + u" is not a valid JSON object: "_s + QLatin1StringView(error));
    }
    return doc;
}

Value::Type Value::type() const
{
    return m_doc ? m_doc->m_nodes[size_t(m_index)].type : Type::Undefined;
}

Value Value::member(QLatin1StringView key) const
{
    if (type() != Type::Object)
        return {};
    const auto& nodes = m_doc->m_nodes;
    const int end = nodes[size_t(m_index)].next;
    const char* text = m_doc->m_text.constData();
    for (int i = m_index + 1; i < end; i = nodes[size_t(i) + 1].next) {
        const Document::Node& name = nodes[size_t(i)];
        const bool same = name.escaped
            ? unescape(text + name.begin, name.size) == QByteArrayView(key)
            : name.size == key.size() && std::memcmp(text + name.begin, key.data(), size_t(key.size())) == 0;
        if (same)
            return Value(m_doc, i + 1);
    }
    return {};
}

QByteArray Value::toUtf8() const
{
    if (type() != Type::String)
        return {};
    const Document::Node& n = m_doc->m_nodes[size_t(m_index)];
    const char* p = m_doc->m_text.constData() + n.begin;
    return n.escaped ? unescape(p, n.size) : QByteArray(p, n.size);
}

QByteArrayView Value::utf8(QByteArray& storage) const
{
    if (type() != Type::String)
        return {};
    const Document::Node& n = m_doc->m_nodes[size_t(m_index)];
    const char* p = m_doc->m_text.constData() + n.begin;
    if (!n.escaped)
        return QByteArrayView(p, n.size);
    storage = unescape(p, n.size);
    return storage;
}

QString Value::toString() const
{
    if (type() != Type::String)
        return {};
    const Document::Node& n = m_doc->m_nodes[size_t(m_index)];
    const char* p = m_doc->m_text.constData() + n.begin;
    // The parser validated the UTF-8, so this cannot meet a replacement case.
    return n.escaped ? QString::fromUtf8(unescape(p, n.size)) : QString::fromUtf8(p, n.size);
}

bool Value::equals(QLatin1StringView text) const
{
    if (type() != Type::String)
        return false;
    const Document::Node& n = m_doc->m_nodes[size_t(m_index)];
    const char* p = m_doc->m_text.constData() + n.begin;
    return n.escaped ? unescape(p, n.size) == QByteArrayView(text) : QByteArrayView(p, n.size) == QByteArrayView(text);
}

std::optional<qint64> Value::toInteger() const
{
    if (type() != Type::Number)
        return std::nullopt;
    const Document::Node& n = m_doc->m_nodes[size_t(m_index)];
    const char* p = m_doc->m_text.constData() + n.begin;
    const char* end = p + n.size;
    const bool negative = *p == '-';
    if (negative)
        ++p;
    // Accumulated as a negative number so that INT64_MIN fits too.
    qint64 v = 0;
    for (; p < end; ++p) {
        if (*p < '0' || *p > '9')
            return std::nullopt; // a fraction or an exponent
        const int d = *p - '0';
        if (v < (std::numeric_limits<qint64>::min() + d) / 10)
            return std::nullopt;
        v = v * 10 - d;
    }
    if (!negative) {
        if (v == std::numeric_limits<qint64>::min())
            return std::nullopt;
        v = -v;
    }
    return v;
}

} // namespace paydesk::json
