#pragma once

#include <optional>
#include <vector>

#include <QByteArray>
#include <QLatin1StringView>
#include <QString>

#include "core/util/Result.h"

namespace paydesk::json {

class Document;

/// A read-only view of one value in a Document. A missing member is an Undefined value, so look-ups chain.
class Value final
{
public:
    enum class Type : quint8
    {
        Undefined,
        Null,
        Bool,
        Number,
        String,
        Array,
        Object
    };

    Value() = default; ///< Undefined

    [[nodiscard]] Type type() const;
    [[nodiscard]] bool isUndefined() const { return type() == Type::Undefined; }
    [[nodiscard]] bool isNull() const { return type() == Type::Null; }
    [[nodiscard]] bool isString() const { return type() == Type::String; }
    [[nodiscard]] bool isNumber() const { return type() == Type::Number; }
    [[nodiscard]] bool isObject() const { return type() == Type::Object; }

    /// The member named `key` of an object; Undefined when absent or when this is not an object.
    [[nodiscard]] Value member(QLatin1StringView key) const;
    [[nodiscard]] bool contains(QLatin1StringView key) const { return !member(key).isUndefined(); }
    /// A string's text; empty for anything else.
    [[nodiscard]] QString toString() const;
    /// A string's bytes, escapes resolved (UTF-8); empty for anything else.
    [[nodiscard]] QByteArray toUtf8() const;
    /// The same bytes as toUtf8(), without a copy unless the string has escapes (then they go to `storage`).
    [[nodiscard]] QByteArrayView utf8(QByteArray& storage) const;
    /// True when this is a string whose text is exactly `text`.
    [[nodiscard]] bool equals(QLatin1StringView text) const;
    /// A number written as an integer (no fraction, no exponent) that fits in 64 bits; nullopt otherwise.
    [[nodiscard]] std::optional<qint64> toInteger() const;

private:
    friend class Document;
    Value(const Document* doc, int index)
        : m_doc(doc)
        , m_index(index)
    {
    }
    const Document* m_doc = nullptr;
    int m_index = -1;
};

/// A strict RFC 8259 JSON parser for channel messages, lighter than QJsonDocument: no tree of QStrings is
/// built, values are read in place from the (implicitly shared) input when asked for. Refused with MalformedInput:
/// any syntax error, trailing data, invalid UTF-8, control characters or lone surrogates in strings, nesting
/// deeper than 64, and a name repeated in one object (a signed message must mean one thing to every reader).
class Document final
{
public:
    /// The text must hold one JSON object. `what` names it in the error detail.
    [[nodiscard]] static Result<Document> parseObject(const QByteArray& text, QStringView what);
    [[nodiscard]] Value root() const { return Value(this, 0); }

    struct Node
    {
        Value::Type type = Value::Type::Null;
        bool escaped = false; ///< a string (or name) with backslash escapes
        int next = 0; ///< index of the node after this one's subtree
        qsizetype begin = 0; ///< span in the text: a string's content without quotes, a number's literal
        qsizetype size = 0;
    };

private:
    friend class Value;
    friend class Parser;
    QByteArray m_text;
    std::vector<Node> m_nodes; ///< pre-order; an object's children alternate name, value
};

} // namespace paydesk::json
