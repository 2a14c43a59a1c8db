// The writers a wire shape is written over. A shape is a function template over its writer W:
//   const auto kThing = [](auto& w, const Thing& t) { w.id("id", t.id); w.text("name", t.name); };
// JsonOut writes the values (what Weft sends), SchemaOut writes the JSON Schema of the same fields
// (what the OpenAPI document says), so the two cannot drift apart. Included only where shapes are
// defined (wire/wire.cc, and api/ files with shapes of their own), never by a widely used header.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>

#include <algorithm>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/clock.h"
#include "core/error.h"
#include "core/json.h"
#include "core/limits.h"
#include "wire/wire.h"

namespace weft::wire {

// What the schema says of a field beyond its type.
struct Doc {
  std::initializer_list<const char*> one_of = {};  // the values a text may take
  std::initializer_list<int> int_one_of = {};       // the values an integer may take
  const char* description = nullptr;
  bool sometimes = false;  // present in some answers only, or an input that may be left out (not "required")
  limits::Text length = {};  // an input text's bounds in characters (max 0: none given)
  std::size_t max_items = 0;  // an input list's most items (0: none given)
  bool verbatim = false;      // an input text kept as sent (a password, a page's Markdown): not trimmed
  const char* pattern = nullptr;  // what an input text must match (checked by the action, which says why)
  bool closed = false;            // an input object whose other keys are refused (additionalProperties: false)
};

class JsonOut {
 public:
  static constexpr bool kSchema = false;  // a shape may write a field only sometimes: see SchemaOut
  boost::json::object out;

  void id(const char* key, int64_t value, Doc = {}) { out[key] = std::to_string(value); }
  void id_or_null(const char* key, const std::optional<int64_t>& value, Doc = {}) { out[key] = id_value(value); }
  void text(const char* key, std::string_view value, Doc = {}) { out[key] = value; }
  void text_or_null(const char* key, const std::optional<std::string>& value, Doc = {}) {
    out[key] = value ? boost::json::value(boost::json::string(*value)) : boost::json::value(nullptr);
  }
  void integer(const char* key, int64_t value, Doc = {}) { out[key] = value; }
  void integer_or_null(const char* key, const std::optional<int64_t>& value, Doc = {}) {
    out[key] = value ? boost::json::value(*value) : boost::json::value(nullptr);
  }
  void boolean(const char* key, bool value, Doc = {}) { out[key] = value; }
  void null_field(const char* key, Doc = {}) { out[key] = nullptr; }  // always null (a whole list's cursor)
  // Integers under names known only at run time ({"open": 3, "resolved": 5}).
  void integer_map(const char* key, const std::vector<std::pair<std::string, int64_t>>& values, Doc = {}) {
    boost::json::object map;
    for (const auto& [name, value] : values) map[name] = value;
    out[key] = std::move(map);
  }
  // A shared shape written elsewhere (person_json, post_json, …), named by `ref`.
  void shape(const char* key, const char* /*ref*/, boost::json::value value, Doc = {}) { out[key] = std::move(value); }
  // The same for a shape that writes itself both ways (wire::PostShape): `shape(value)` gives its
  // object, `shape.append(text, value)` its text.
  template <typename T, typename Shape>
  void shape_value(const char* key, const char* /*ref*/, const T& value, const Shape& shape, Doc = {}) {
    out[key] = shape(value);
  }
  template <typename T, typename ToJson>
  void shape_list(const char* key, const char* /*ref*/, const std::vector<T>& items, ToJson&& to_json, Doc = {}) {
    boost::json::array list;
    list.reserve(items.size());
    for (const auto& item : items) list.push_back(to_json(item));
    out[key] = std::move(list);
  }
  void number(const char* key, double value, Doc = {}) { out[key] = value; }
  void number_or_null(const char* key, const std::optional<double>& value, Doc = {}) {
    out[key] = value ? boost::json::value(*value) : boost::json::value(nullptr);
  }
  // A JSON object of scalars stored as compact text (a record's fields).
  void json_object(const char* key, const std::string& text, Doc = {}) {
    auto parsed = json::parse_object(text);
    out[key] = parsed ? boost::json::value(std::move(*parsed)) : boost::json::value(boost::json::object{});
  }
  // Any JSON value stored as text, or null (a change's old and new values).
  void json_value_or_null(const char* key, const std::optional<std::string>& text, Doc = {}) {
    boost::system::error_code ec;
    out[key] = text ? boost::json::parse(*text, ec) : boost::json::value(nullptr);
    if (ec) out[key] = nullptr;
  }
  void time(const char* key, int64_t seconds, Doc = {}) { out[key] = clock::rfc3339(seconds); }
  void time_or_null(const char* key, const std::optional<int64_t>& seconds, Doc = {}) {
    out[key] = time_value(seconds);
  }
  void texts(const char* key, const std::vector<std::string>& values, Doc = {}) {
    boost::json::array list;
    list.reserve(values.size());
    for (const auto& value : values) list.push_back(boost::json::string(value));
    out[key] = std::move(list);
  }
  void ids(const char* key, const std::vector<int64_t>& values, Doc = {}) {
    boost::json::array list;
    list.reserve(values.size());
    for (int64_t value : values) list.push_back(boost::json::string(std::to_string(value)));
    out[key] = std::move(list);
  }
  // An object of integer counts under fixed names.
  template <typename Names, typename Values>
  void counts(const char* key, const Names& names, const Values& values, Doc = {}) {
    boost::json::object counts;
    auto value = std::begin(values);
    for (const auto& name : names) counts[name] = *value++;
    out[key] = std::move(counts);
  }
  // A nested object; `ref` names its shape (nullptr: described in place).
  template <typename T, typename Fields>
  void object(const char* key, const char*, const T& value, Fields&& fields, Doc = {}) {
    JsonOut inner;
    fields(inner, value);
    out[key] = std::move(inner.out);
  }
  template <typename T, typename Fields>
  void object_or_null(const char* key, const char*, const T* value, Fields&& fields, Doc = {}) {
    if (value == nullptr) {
      out[key] = nullptr;
      return;
    }
    JsonOut inner;
    fields(inner, *value);
    out[key] = std::move(inner.out);
  }
  template <typename T, typename Fields>
  void array(const char* key, const char*, const std::vector<T>& items, Fields&& fields, Doc = {}) {
    boost::json::array list;
    list.reserve(items.size());
    for (const auto& item : items) {
      JsonOut inner;
      fields(inner, item);
      list.push_back(std::move(inner.out));
    }
    out[key] = std::move(list);
  }
};

// The same values as JsonOut, written straight into JSON text (what JsonOut's object would
// serialize to, byte for byte: tests/unit/wire_test.cc checks it), with no object built on the way.
// For the lists read most (feeds, replies), where building and hashing objects cost a sixth of a
// request's time. Construct, write the fields, then close().
class TextOut {
 public:
  static constexpr bool kSchema = false;
  explicit TextOut(std::string& out) : out_(out) { out_ += '{'; }
  void close() { out_ += '}'; }

  void id(const char* key, int64_t value, Doc = {}) {
    name(key);
    out_ += '"';
    json::append_integer(out_, value);
    out_ += '"';
  }
  void id_or_null(const char* key, const std::optional<int64_t>& value, Doc = {}) {
    if (value) return id(key, *value);
    null_field(key);
  }
  void text(const char* key, std::string_view value, Doc = {}) {
    name(key);
    json::append_string(out_, value);
  }
  void text_or_null(const char* key, const std::optional<std::string>& value, Doc = {}) {
    if (value) return text(key, *value);
    null_field(key);
  }
  void integer(const char* key, int64_t value, Doc = {}) {
    name(key);
    json::append_integer(out_, value);
  }
  void integer_or_null(const char* key, const std::optional<int64_t>& value, Doc = {}) {
    if (value) return integer(key, *value);
    null_field(key);
  }
  void boolean(const char* key, bool value, Doc = {}) {
    name(key);
    out_ += value ? "true" : "false";
  }
  void null_field(const char* key, Doc = {}) {
    name(key);
    out_ += "null";
  }
  void integer_map(const char* key, const std::vector<std::pair<std::string, int64_t>>& values, Doc = {}) {
    name(key);
    TextOut map(out_);
    for (const auto& [entry, value] : values) map.integer_named(entry, value);
    map.close();
  }
  void shape(const char* key, const char* /*ref*/, const boost::json::value& value, Doc = {}) {
    name(key);
    json::append_value(out_, value);
  }
  template <typename T, typename Shape>
  void shape_value(const char* key, const char* /*ref*/, const T& value, const Shape& shape, Doc = {}) {
    name(key);
    shape.append(out_, value);
  }
  template <typename T, typename ToJson>
  void shape_list(const char* key, const char* /*ref*/, const std::vector<T>& items, ToJson&& to_json, Doc = {}) {
    name(key);
    out_ += '[';
    bool first = true;
    for (const auto& item : items) {
      if (!first) out_ += ',';
      first = false;
      if constexpr (requires { to_json.append(out_, item); }) {
        to_json.append(out_, item);
      } else {
        json::append_value(out_, boost::json::value(to_json(item)));
      }
    }
    out_ += ']';
  }
  void number(const char* key, double value, Doc = {}) {
    name(key);
    json::append_value(out_, boost::json::value(value));
  }
  void number_or_null(const char* key, const std::optional<double>& value, Doc = {}) {
    if (value) return number(key, *value);
    null_field(key);
  }
  void json_object(const char* key, const std::string& text, Doc = {}) {
    auto parsed = json::parse_object(text);
    name(key);
    if (parsed) {
      json::append_value(out_, boost::json::value(std::move(*parsed)));
    } else {
      out_ += "{}";
    }
  }
  void json_value_or_null(const char* key, const std::optional<std::string>& text, Doc = {}) {
    name(key);
    if (!text) {
      out_ += "null";
      return;
    }
    boost::system::error_code ec;
    auto value = boost::json::parse(*text, ec);
    if (ec) {
      out_ += "null";
    } else {
      json::append_value(out_, value);
    }
  }
  void time(const char* key, int64_t seconds, Doc = {}) {
    name(key);
    out_ += '"';
    clock::append_rfc3339(out_, seconds);
    out_ += '"';
  }
  void time_or_null(const char* key, const std::optional<int64_t>& seconds, Doc = {}) {
    if (seconds) return time(key, *seconds);
    null_field(key);
  }
  void texts(const char* key, const std::vector<std::string>& values, Doc = {}) {
    name(key);
    out_ += '[';
    for (std::size_t i = 0; i < values.size(); ++i) {
      if (i != 0) out_ += ',';
      json::append_string(out_, values[i]);
    }
    out_ += ']';
  }
  void ids(const char* key, const std::vector<int64_t>& values, Doc = {}) {
    name(key);
    out_ += '[';
    for (std::size_t i = 0; i < values.size(); ++i) {
      if (i != 0) out_ += ',';
      out_ += '"';
      json::append_integer(out_, values[i]);
      out_ += '"';
    }
    out_ += ']';
  }
  template <typename Names, typename Values>
  void counts(const char* key, const Names& names, const Values& values, Doc = {}) {
    name(key);
    TextOut counts(out_);
    auto value = std::begin(values);
    for (const auto& entry : names) counts.integer_named(entry, *value++);
    counts.close();
  }
  template <typename T, typename Fields>
  void object(const char* key, const char*, const T& value, Fields&& fields, Doc = {}) {
    name(key);
    TextOut inner(out_);
    fields(inner, value);
    inner.close();
  }
  template <typename T, typename Fields>
  void object_or_null(const char* key, const char* ref, const T* value, Fields&& fields, Doc = {}) {
    if (value != nullptr) return object(key, ref, *value, fields);
    null_field(key);
  }
  template <typename T, typename Fields>
  void array(const char* key, const char*, const std::vector<T>& items, Fields&& fields, Doc = {}) {
    name(key);
    out_ += '[';
    bool first = true;
    for (const auto& item : items) {
      if (!first) out_ += ',';
      first = false;
      TextOut inner(out_);
      fields(inner, item);
      inner.close();
    }
    out_ += ']';
  }

 private:
  // A key known only at run time (a count's name): escaped like any text.
  void integer_named(std::string_view key, int64_t value) {
    if (!first_) out_ += ',';
    first_ = false;
    json::append_string(out_, key);
    out_ += ':';
    json::append_integer(out_, value);
  }
  // The shapes' keys are identifiers written in code: nothing in them to escape.
  void name(const char* key) {
    if (!first_) out_ += ',';
    first_ = false;
    out_ += '"';
    out_ += key;
    out_ += "\":";
  }

  std::string& out_;
  bool first_ = true;
};

class SchemaOut;
using Shapes = std::map<std::string, boost::json::object, std::less<>>;

class SchemaOut {
 public:
  // True here: a field a shape writes only sometimes (`if (x || w.kSchema)`, with Doc::sometimes)
  // is still described.
  static constexpr bool kSchema = true;
  explicit SchemaOut(Shapes& shapes, bool input = false) : shapes_(shapes), input_(input) {}

  // Defines the shape `name` from `fields` applied to an empty T (once; a shape may refer to itself).
  template <typename T, typename Fields>
  static void define(Shapes& shapes, const char* name, Fields&& fields) {
    if (shapes.contains(name)) return;
    shapes[name] = boost::json::object{};  // being defined: a reference to it stops here
    SchemaOut inner(shapes);
    T value{};  // an lvalue: an input shape's fields take what they fill
    fields(inner, value);
    shapes[name] = inner.schema();
  }

  // The same for a request body read by JsonIn: its fields take the value to fill, and a field
  // that may be null may also be left out.
  template <typename T, typename Fields>
  static void define_input(Shapes& shapes, const char* name, Fields&& fields) {
    if (shapes.contains(name)) return;
    shapes[name] = boost::json::object{};
    SchemaOut inner(shapes, /*input=*/true);
    T value{};
    fields(inner, value);
    shapes[name] = inner.schema();
  }

  boost::json::object schema() const {
    boost::json::object out{{"type", "object"}};
    if (!required_.empty() || !input_) out["required"] = required_;
    out["properties"] = properties_;
    return out;
  }

  void id(const char* key, int64_t, Doc doc = {}) { add(key, {{"type", "string"}}, doc); }
  void id_or_null(const char* key, const std::optional<int64_t>&, Doc doc = {}) {
    add(key, {{"type", nullable("string")}}, optional_in_input(doc));
  }
  void id_or_null(const char* key, const json::OptionalId&, Doc doc = {}) {
    add(key, {{"type", nullable("string")}}, optional_in_input(doc));
  }
  void text(const char* key, std::string_view, Doc doc = {}) { add(key, {{"type", "string"}}, doc); }
  void text_or_null(const char* key, const std::optional<std::string>&, Doc doc = {}) {
    add(key, {{"type", nullable("string")}}, optional_in_input(doc), /*null_in_enum=*/true);
  }
  // An input text whose null means something (present-or-null): required unless Doc::sometimes.
  void text_or_null(const char* key, const json::OptionalText&, Doc doc = {}) {
    add(key, {{"type", nullable("string")}}, doc, /*null_in_enum=*/true);
  }
  void integer(const char* key, int64_t, Doc doc = {}) { add(key, {{"type", "integer"}}, doc); }
  void integer_or_null(const char* key, const std::optional<int64_t>&, Doc doc = {}) {
    add(key, {{"type", nullable("integer")}}, doc);
  }
  void boolean(const char* key, bool, Doc doc = {}) { add(key, {{"type", "boolean"}}, doc); }
  void boolean(const char* key, const std::optional<bool>&, Doc doc = {}) {
    doc.sometimes = true;
    add(key, {{"type", "boolean"}}, doc);
  }
  void null_field(const char* key, Doc doc = {}) { add(key, {{"type", "null"}}, doc); }
  void integer_map(const char* key, const std::vector<std::pair<std::string, int64_t>>&, Doc doc = {}) {
    add(key, {{"type", "object"}, {"additionalProperties", {{"type", "integer"}}}}, doc);
  }
  void shape(const char* key, const char* ref, const boost::json::value&, Doc doc = {}) {
    add(key, {{"$ref", std::string("#/components/schemas/") + ref}}, doc);
  }
  template <typename T, typename Shape>
  void shape_value(const char* key, const char* ref, const T&, const Shape&, Doc doc = {}) {
    add(key, {{"$ref", std::string("#/components/schemas/") + ref}}, doc);
  }
  template <typename T, typename ToJson>
  void shape_list(const char* key, const char* ref, const std::vector<T>&, ToJson&&, Doc doc = {}) {
    add(key, {{"type", "array"}, {"items", {{"$ref", std::string("#/components/schemas/") + ref}}}}, doc);
  }
  void number(const char* key, double, Doc doc = {}) { add(key, {{"type", "number"}}, doc); }
  void number_or_null(const char* key, const std::optional<double>&, Doc doc = {}) {
    add(key, {{"type", nullable("number")}}, doc);
  }
  void json_object(const char* key, const std::string&, Doc doc = {}) {
    boost::json::array scalars{"string", "number", "boolean", "null"};
    add(key, {{"type", "object"}, {"additionalProperties", {{"type", std::move(scalars)}}}}, doc);
  }
  void json_value_or_null(const char* key, const std::optional<std::string>&, Doc doc = {}) {
    boost::json::array scalars{"string", "number", "boolean", "null"};
    add(key, {{"type", std::move(scalars)}}, doc);
  }
  void time(const char* key, int64_t, Doc doc = {}) {
    add(key, {{"type", "string"}, {"format", "date-time"}}, doc);
  }
  void time_or_null(const char* key, const std::optional<int64_t>&, Doc doc = {}) {
    add(key, {{"type", nullable("string")}, {"format", "date-time"}}, optional_in_input(doc));
  }
  // Doc::one_of and Doc::length: of each text.
  void texts(const char* key, const std::vector<std::string>&, Doc doc = {}) {
    boost::json::object item{{"type", "string"}};
    if (doc.one_of.size() > 0) {
      boost::json::array values;
      for (const char* value : doc.one_of) values.push_back(boost::json::string(value));
      item["enum"] = std::move(values);
      static constexpr std::initializer_list<const char*> kOnItems{};  // said on the items, not the list
      doc.one_of = kOnItems;
    }
    bounds(item, doc.length);
    doc.length = {};
    boost::json::object schema{{"type", "array"}, {"items", std::move(item)}};
    if (doc.max_items > 0) schema["maxItems"] = doc.max_items;
    add(key, std::move(schema), doc);
  }
  // An input list that may be left out (JsonIn).
  void texts(const char* key, const std::optional<std::vector<std::string>>&, Doc doc = {}) {
    doc.sometimes = true;
    texts(key, std::vector<std::string>{}, doc);
  }
  void ids(const char* key, const std::vector<int64_t>&, Doc doc = {}) {
    boost::json::object schema{{"type", "array"}, {"items", {{"type", "string"}}}};
    if (doc.max_items > 0) schema["maxItems"] = doc.max_items;
    add(key, std::move(schema), doc);
  }
  template <typename Names, typename Values>
  void counts(const char* key, const Names& names, const Values&, Doc doc = {}) {
    boost::json::object properties;
    boost::json::array required;
    for (const auto& name : names) {
      properties[name] = {{"type", "integer"}};
      required.push_back(boost::json::string(name));
    }
    add(key, {{"type", "object"}, {"required", std::move(required)}, {"properties", std::move(properties)}}, doc);
  }
  template <typename T, typename Fields>
  void object(const char* key, const char* ref, const T&, Fields&& fields, Doc doc = {}) {
    auto schema = shape_of<T>(ref, fields);
    if (doc.closed) schema["additionalProperties"] = false;
    add(key, std::move(schema), input_ ? optional_in_input(doc) : doc);
  }
  // The names of the fields a shape has (to refuse others in a closed object).
  template <typename T, typename Fields>
  static boost::json::object properties_of(Fields& fields) {
    Shapes scratch;
    SchemaOut names(scratch, /*input=*/true);
    T value{};
    fields(names, value);
    return names.properties_;
  }
  template <typename T, typename Fields>
  void object_or_null(const char* key, const char* ref, const T*, Fields&& fields, Doc doc = {}) {
    add(key, {{"oneOf", boost::json::array{shape_of<T>(ref, fields), boost::json::object{{"type", "null"}}}}}, doc);
  }
  // An input object whose null means something (JsonIn): left out, null, or the object.
  template <typename T, typename Fields>
  void object_or_null(const char* key, const char* ref, const std::optional<std::optional<T>>&, Fields&& fields,
                      Doc doc = {}) {
    doc.sometimes = true;
    object_or_null(key, ref, static_cast<const T*>(nullptr), fields, doc);
  }
  // An input object of scalars (JsonIn, kept as compact JSON); Doc::max_items its most entries.
  void json_object(const char* key, const std::optional<std::string>&, Doc doc = {}) {
    boost::json::array scalars{"string", "number", "boolean", "null"};
    boost::json::object schema{{"type", "object"}, {"additionalProperties", {{"type", std::move(scalars)}}}};
    if (doc.max_items > 0) schema["maxProperties"] = doc.max_items;
    doc.sometimes = true;
    add(key, std::move(schema), doc);
  }
  template <typename T, typename Fields>
  void array(const char* key, const char* ref, const std::vector<T>&, Fields&& fields, Doc doc = {}) {
    boost::json::object schema{{"type", "array"}, {"items", shape_of<T>(ref, fields)}};
    if (doc.max_items > 0) schema["maxItems"] = doc.max_items;
    add(key, std::move(schema), doc);
  }
  // An input list that may be left out (JsonIn).
  template <typename T, typename Fields>
  void array(const char* key, const char* ref, const std::optional<std::vector<T>>&, Fields&& fields, Doc doc = {}) {
    doc.sometimes = true;
    array(key, ref, std::vector<T>{}, fields, doc);
  }

 private:
  static boost::json::array nullable(const char* type) { return {boost::json::string(type), "null"}; }

  template <typename T, typename Fields>
  boost::json::object shape_of(const char* ref, Fields& fields) {
    if (ref != nullptr) {
      if (input_) {
        define_input<T>(shapes_, ref, fields);
      } else {
        define<T>(shapes_, ref, fields);
      }
      return {{"$ref", std::string("#/components/schemas/") + ref}};
    }
    SchemaOut inner(shapes_, input_);
    T value{};  // an lvalue: an input shape's fields take what they fill
    fields(inner, value);
    return inner.schema();
  }

  Doc optional_in_input(Doc doc) const {
    if (input_) doc.sometimes = true;
    return doc;
  }
  static void bounds(boost::json::object& schema, const limits::Text& length) {
    if (length.max == 0) return;
    if (length.min > 0) schema["minLength"] = length.min;
    schema["maxLength"] = length.max;
  }

  void add(const char* key, boost::json::object schema, const Doc& doc, bool null_in_enum = false) {
    bounds(schema, doc.length);
    if (doc.one_of.size() > 0) {
      boost::json::array values;
      for (const char* value : doc.one_of) values.push_back(boost::json::string(value));
      if (null_in_enum) values.push_back(nullptr);
      schema["enum"] = std::move(values);
    }
    if (doc.int_one_of.size() > 0) {
      boost::json::array values;
      for (int value : doc.int_one_of) values.push_back(value);
      schema["enum"] = std::move(values);
    }
    if (doc.description != nullptr) schema["description"] = doc.description;
    if (doc.pattern != nullptr) schema["pattern"] = doc.pattern;
    properties_[key] = std::move(schema);
    if (!doc.sometimes) required_.push_back(boost::json::string(key));
  }

  Shapes& shapes_;
  bool input_ = false;
  boost::json::object properties_;
  boost::json::array required_;
};

// Reads a request body into a value by its shape: the same fields SchemaOut documents (with
// define_input). A text is required unless Doc::sometimes, within Doc::length; a field that may
// be null may be left out (it stays as it was). The first fault is kept, with its field; a choice
// among Doc::one_of is left to the action, which says what it accepts.
class JsonIn {
 public:
  static constexpr bool kSchema = false;
  explicit JsonIn(const boost::json::object& body) : body_(body) {}
  const std::optional<Error>& error() const { return error_; }

  void text(const char* key, std::string& value, Doc doc = {}) {
    if (error_) return;
    const json::Bounds bounds{doc.length.min, doc.length.max > 0 ? doc.length.max : json::Bounds{}.max};
    if (doc.verbatim) {
      verbatim(key, value, bounds, doc.sometimes);
      return;
    }
    if (doc.sometimes) {
      if (auto read = json::optional_string(body_, key, bounds); !read) {
        error_ = read.error();
      } else if (*read) {
        value = std::move(**read);
      }
    } else if (auto read = json::required_string(body_, key, bounds); !read) {
      error_ = read.error();
    } else {
      value = std::move(*read);
    }
  }
  void text_or_null(const char* key, std::optional<std::string>& value, Doc doc = {}) {
    if (error_) return;
    const json::Bounds bounds{doc.length.min, doc.length.max > 0 ? doc.length.max : json::Bounds{}.max};
    if (doc.verbatim) {
      const auto* given = body_.if_contains(key);
      if (given == nullptr || given->is_null()) {
        value.reset();
        return;
      }
      std::string text;
      verbatim(key, text, bounds, false);
      if (!error_) value = std::move(text);
      return;
    }
    if (auto read = json::optional_string(body_, key, bounds); !read) {
      error_ = read.error();
    } else {
      value = std::move(*read);
    }
  }
  // The same, telling a null (present) from a field left out, which is a fault unless
  // Doc::sometimes.
  void text_or_null(const char* key, json::OptionalText& value, Doc doc = {}) {
    if (error_) return;
    value.present = body_.contains(key);
    if (!value.present && !doc.sometimes) {
      error_ = Error{ErrorCode::kInvalidArgument, std::string(key) + " is required (it may be null).", key};
      return;
    }
    doc.sometimes = true;
    text_or_null(key, value.value, doc);
  }
  void id(const char* key, int64_t& value, Doc doc = {}) {
    if (error_) return;
    auto read = json::optional_id(body_, key);
    if (!read) {
      error_ = read.error();
    } else if (read->value) {
      value = *read->value;
    } else if (!doc.sometimes) {
      error_ = Error{ErrorCode::kInvalidArgument, std::string(key) + " is required.", key};
    }
  }
  void id_or_null(const char* key, std::optional<int64_t>& value, Doc = {}) {
    if (error_) return;
    if (auto read = json::optional_id(body_, key); !read) {
      error_ = read.error();
    } else {
      value = read->value;
    }
  }
  // The same, telling a null (present) from a field left out.
  void id_or_null(const char* key, json::OptionalId& value, Doc = {}) {
    if (error_) return;
    if (auto read = json::optional_id(body_, key); !read) {
      error_ = read.error();
    } else {
      value = *read;
    }
  }
  void boolean(const char* key, bool& value, Doc doc = {}) {
    if (error_) return;
    auto read = json::optional_bool(body_, key);
    if (!read) {
      error_ = read.error();
    } else if (*read) {
      value = **read;
    } else if (!doc.sometimes) {
      error_ = Error{ErrorCode::kInvalidArgument, std::string(key) + " is required.", key};
    }
  }
  // A list of objects, each read by `fields` (into a T); a fault inside one is the list's field.
  template <typename T, typename Fields>
  void array(const char* key, const char* /*ref*/, std::vector<T>& value, Fields&& fields, Doc doc = {}) {
    const auto* list = list_of(key, doc, "objects");
    if (list == nullptr) return;
    std::vector<T> read;
    for (const auto& item : *list) {
      if (!item.is_object()) {
        error_ = Error{ErrorCode::kInvalidArgument, std::string(key) + " must hold objects.", key};
        return;
      }
      JsonIn inner(item.as_object());
      T one{};
      fields(inner, one);
      if (inner.error_) {
        error_ = Error{ErrorCode::kInvalidArgument, std::string(key) + ": " + inner.error_->message, key};
        return;
      }
      read.push_back(std::move(one));
    }
    value = std::move(read);
  }

  // An object read by `fields` into `value` when given (a null or a field left out leaves it as
  // it is); Doc::closed refuses keys the shape does not have. A fault inside is the object's field.
  template <typename T, typename Fields>
  void object(const char* key, const char* /*ref*/, T& value, Fields&& fields, Doc doc = {}) {
    if (error_) return;
    const auto* given = body_.if_contains(key);
    if (given == nullptr || given->is_null()) return;
    if (!given->is_object()) {
      error_ = Error{ErrorCode::kInvalidArgument, std::string(key) + " must be an object.", key};
      return;
    }
    if (doc.closed) {
      const auto known = SchemaOut::properties_of<T>(fields);
      for (const auto& [name, ignored] : given->as_object()) {
        if (!known.contains(name)) {
          std::string message = std::string(key) + " knows";
          for (const auto& [k, v] : known) message += " " + std::string(k);
          error_ = Error{ErrorCode::kInvalidArgument, message + ".", key};
          return;
        }
      }
    }
    JsonIn inner(given->as_object());
    fields(inner, value);
    if (inner.error_) error_ = Error{ErrorCode::kInvalidArgument, std::string(key) + ": " + inner.error_->message, key};
  }

  // Left out (nullopt), null (an empty inner optional) or an object read by `fields`.
  template <typename T, typename Fields>
  void object_or_null(const char* key, const char* ref, std::optional<std::optional<T>>& value, Fields&& fields,
                      Doc doc = {}) {
    if (error_) return;
    const auto* given = body_.if_contains(key);
    if (given == nullptr) {
      value.reset();
      return;
    }
    if (given->is_null()) {
      value = std::optional<T>{};
      return;
    }
    T read{};
    object(key, ref, read, fields, doc);
    if (!error_) value = std::optional<T>{std::move(read)};
  }
  // An object of scalars (text, numbers, true, false, null), kept as compact JSON; left out or
  // null: nullopt. Doc::max_items its most entries.
  void json_object(const char* key, std::optional<std::string>& value, Doc doc = {}) {
    if (error_) return;
    const auto* given = body_.if_contains(key);
    if (given == nullptr || given->is_null()) {
      value.reset();
      return;
    }
    if (!given->is_object()) {
      error_ = Error{ErrorCode::kInvalidArgument, std::string(key) + " must be a JSON object.", key};
      return;
    }
    const auto& object = given->as_object();
    if (doc.max_items > 0 && object.size() > doc.max_items) {
      error_ = Error{ErrorCode::kInvalidArgument,
                     std::string(key) + " may hold at most " + std::to_string(doc.max_items) + " entries.", key};
      return;
    }
    for (const auto& [name, item] : object) {
      if (item.is_object() || item.is_array()) {
        error_ = Error{ErrorCode::kInvalidArgument,
                       std::string(key) + " values must be text, numbers, true, false or null.", key};
        return;
      }
    }
    value = json::to_text(object);
  }
  // The same, telling a list left out (or null) from an empty one.
  template <typename T, typename Fields>
  void array(const char* key, const char* ref, std::optional<std::vector<T>>& value, Fields&& fields, Doc doc = {}) {
    if (error_) return;
    const auto* given = body_.if_contains(key);
    if (given == nullptr || given->is_null()) {
      value.reset();
      return;
    }
    std::vector<T> read;
    array(key, ref, read, fields, doc);
    if (!error_) value = std::move(read);
  }

  // A list of ids (as id strings); Doc::max_items its most.
  void ids(const char* key, std::vector<int64_t>& value, Doc doc = {}) {
    const auto* list = list_of(key, doc, "ids");
    if (list == nullptr) return;
    std::vector<int64_t> read;
    for (const auto& item : *list) {
      auto id = item.is_string() ? json::parse_id(item.as_string()) : std::nullopt;
      if (!id) {
        error_ = Error{ErrorCode::kInvalidArgument, std::string(key) + " must hold id strings.", key};
        return;
      }
      read.push_back(*id);
    }
    value = std::move(read);
  }
  // A time as RFC 3339 text.
  void time(const char* key, int64_t& value, Doc doc = {}) {
    if (error_) return;
    std::optional<int64_t> read;
    time_or_null(key, read, doc);
    if (read) {
      value = *read;
    } else if (!error_ && !doc.sometimes) {
      error_ = Error{ErrorCode::kInvalidArgument, std::string(key) + " is required.", key};
    }
  }
  void time_or_null(const char* key, std::optional<int64_t>& value, Doc = {}) {
    if (error_) return;
    auto text = json::optional_string(body_, key, {limits::kTimestamp.min, limits::kTimestamp.max});
    std::optional<int64_t> seconds;
    if (text && *text) seconds = clock::parse_rfc3339(**text);
    if (!text || (*text && !seconds)) {
      error_ = Error{ErrorCode::kInvalidArgument,
                     std::string(key) + " must be an RFC 3339 UTC time like 2026-12-01T17:00:00Z.", key};
      return;
    }
    value = seconds;
  }
  // A whole number; Doc::int_one_of: the values it may take.
  void integer(const char* key, int64_t& value, Doc doc = {}) {
    if (error_) return;
    const auto* given = body_.if_contains(key);
    if (given == nullptr || given->is_null()) {
      if (!doc.sometimes) error_ = Error{ErrorCode::kInvalidArgument, std::string(key) + " is required.", key};
      return;
    }
    const bool allowed = given->is_int64() && (doc.int_one_of.size() == 0 ||
                                                std::find(doc.int_one_of.begin(), doc.int_one_of.end(),
                                                          given->as_int64()) != doc.int_one_of.end());
    if (!allowed) {
      std::string message = std::string(key) + " must be a whole number";
      if (doc.int_one_of.size() > 0) {
        message += ":";
        for (int choice : doc.int_one_of) message += " " + std::to_string(choice);
      }
      error_ = Error{ErrorCode::kInvalidArgument, message + ".", key};
      return;
    }
    value = given->as_int64();
  }
  void boolean(const char* key, std::optional<bool>& value, Doc = {}) {
    if (error_) return;
    if (auto read = json::optional_bool(body_, key); !read) {
      error_ = read.error();
    } else {
      value = *read;
    }
  }
  void texts(const char* key, std::vector<std::string>& value, Doc doc = {}) {
    if (error_) return;
    std::optional<std::vector<std::string>> read;
    texts(key, read, doc);
    if (read) {
      value = std::move(*read);
    } else if (!error_ && !doc.sometimes) {
      error_ = Error{ErrorCode::kInvalidArgument, std::string(key) + " is required.", key};
    }
  }
  void texts(const char* key, std::optional<std::vector<std::string>>& value, Doc doc = {}) {
    if (error_) return;
    const json::Bounds each{doc.length.min, doc.length.max > 0 ? doc.length.max : json::Bounds{}.max};
    if (auto read = json::optional_string_list(body_, key, doc.max_items > 0 ? doc.max_items : 1000, each); !read) {
      error_ = read.error();
    } else {
      value = std::move(*read);
    }
  }

 private:
  // The list under `key` (at most Doc::max_items, 1000 when none is given), or nullptr: left out
  // where it may be (no fault), or a fault recorded.
  const boost::json::array* list_of(const char* key, const Doc& doc, const char* of_what) {
    if (error_) return nullptr;
    const auto* given = body_.if_contains(key);
    if (given == nullptr || given->is_null()) {
      if (!doc.sometimes) error_ = Error{ErrorCode::kInvalidArgument, std::string(key) + " is required.", key};
      return nullptr;
    }
    const std::size_t most = doc.max_items > 0 ? doc.max_items : 1000;
    if (!given->is_array() || given->as_array().size() > most) {
      error_ = Error{ErrorCode::kInvalidArgument,
                     std::string(key) + " must be a list of at most " + std::to_string(most) + " " + of_what + ".", key};
      return nullptr;
    }
    return &given->as_array();
  }

  void verbatim(const char* key, std::string& value, const json::Bounds& bounds, bool optional) {
    const auto* given = body_.if_contains(key);
    if (given == nullptr || given->is_null()) {
      if (!optional) error_ = Error{ErrorCode::kInvalidArgument, std::string(key) + " is required.", key};
      return;
    }
    if (!given->is_string()) {
      error_ = Error{ErrorCode::kInvalidArgument, std::string(key) + " must be a string.", key};
      return;
    }
    std::string text(given->as_string());
    const std::size_t length = json::utf8_length(text);
    if (length < bounds.min || length > bounds.max) {
      error_ = Error{ErrorCode::kInvalidArgument,
                     std::string(key) + " must be " + std::to_string(bounds.min) + " to " +
                         std::to_string(bounds.max) + " characters.",
                     key};
      return;
    }
    value = std::move(text);
  }

  const boost::json::object& body_;
  std::optional<Error> error_;
};

// Reads `body` into `value` by the input shape `fields`.
template <typename T, typename Fields>
Result<void> read(const boost::json::object& body, T& value, Fields&& fields) {
  JsonIn in(body);
  fields(in, value);
  if (in.error()) return std::unexpected(*in.error());
  return {};
}

// Shapes other files name too.

template <typename W>
void avatar_field(W& w, int64_t id, const std::optional<int64_t>& version) {
  w.text_or_null("avatar_url", version ? std::optional<std::string>("/api/v1/people/" + std::to_string(id) +
                                                                    "/avatar?v=" + std::to_string(*version))
                                       : std::nullopt,
                 {.description = "their photo, 256×256 JPEG; null: none (show initials)"});
}

template <typename W>
void summary_fields(W& w, const PersonSummary& p) {
  w.id("id", p.id);
  w.text("handle", p.handle);
  w.text("name", p.name);
  w.text("title", p.title);
  w.id_or_null("unit_id", p.unit_id);
  avatar_field(w, p.id, p.avatar_version);
}
inline constexpr auto kSummary = [](auto& w, const PersonSummary& p) { summary_fields(w, p); };
// The JSON of `value` by the shape `fields`.
template <typename T, typename Fields>
boost::json::object to_json(const T& value, Fields&& fields) {
  JsonOut out;
  fields(out, value);
  return std::move(out.out);
}

// The JSON text of `value` by the shape `fields`, appended to `out`.
template <typename T, typename Fields>
void append_json(std::string& out, const T& value, Fields&& fields) {
  TextOut w(out);
  fields(w, value);
  w.close();
}

// The JSON text of `value` by the shape `fields`.
template <typename T, typename Fields>
std::string to_text(const T& value, Fields&& fields) {
  std::string out;
  append_json(out, value, fields);
  return out;
}

// A page of a list, {"items":[...],"next_cursor":...}, as api::page_response writes it.
template <typename T>
struct PageOf {
  std::vector<T> items;
  std::optional<std::string> next_cursor;
};

// The shapes a part of the API defines beside its routes, for the OpenAPI document.
class ShapeCatalog {
 public:
  template <typename T, typename Fields>
  void define(const char* name, Fields&& fields) {
    SchemaOut::define<T>(shapes_, name, fields);
  }
  // `list`: a page of `item`s, each of the shape `fields` (defined as `item` too).
  template <typename T, typename Fields>
  void define_page(const char* list, const char* item, Fields fields) {
    define<PageOf<T>>(list, [item, fields](auto& w, const PageOf<T>& page) {
      w.array("items", item, page.items, fields);
      w.text_or_null("next_cursor", page.next_cursor, {.description = "null: the last page"});
    });
  }
  // A list that comes whole, {"items":[...],"next_cursor":null}, as api::list_response writes it;
  // `item` null: the items are described in place.
  template <typename T, typename Fields>
  void define_items(const char* list, const char* item, Fields fields) {
    define<std::vector<T>>(list, [item, fields](auto& w, const std::vector<T>& items) {
      w.array("items", item, items, fields);
      w.null_field("next_cursor", {.description = "always null: the list comes whole"});
    });
  }
  // A request body's shape, read by wire::read.
  template <typename T, typename Fields>
  void define_input(const char* name, Fields&& fields) {
    SchemaOut::define_input<T>(shapes_, name, fields);
  }
  const Shapes& shapes() const { return shapes_; }

 private:
  Shapes shapes_;
};

}  // namespace weft::wire
