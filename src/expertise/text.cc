#include "expertise/text.h"

#include <algorithm>
#include <iterator>
#include <cctype>

namespace weft::expertise {
namespace {

// Words too common to say what a text is about (a short English list; the ranker's inverse
// document frequency discounts the rest).
constexpr std::string_view kStopWords[] = {
    "a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any", "are", "as",
    "at", "be", "because", "been", "before", "being", "below", "between", "both", "but", "by", "can", "could",
    "did", "do", "does", "doing", "down", "during", "each", "few", "for", "from", "further", "get", "got", "had",
    "has", "have", "having", "he", "her", "here", "hers", "him", "his", "how", "however", "i", "if", "in",
    "into", "is", "it", "its", "itself", "just", "like", "me", "might", "more", "most", "much", "must", "my",
    "no", "nor", "not", "now", "of", "off", "on", "once", "one", "only", "or", "other", "our", "out", "over",
    "own", "same", "she", "should", "so", "some", "such", "than", "that", "the", "their", "them", "then",
    "there", "these", "they", "this", "those", "through", "to", "too", "under", "until", "up", "us", "very",
    "was", "we", "were", "what", "when", "where", "which", "while", "who", "why", "will", "with", "would",
    "you", "your", "yours"};

bool stop_word(std::string_view word) {
  return std::binary_search(std::begin(kStopWords), std::end(kStopWords), word);
}

bool ends_with(std::string_view word, std::string_view suffix) {
  return word.size() >= suffix.size() && word.substr(word.size() - suffix.size()) == suffix;
}

bool vowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; }

// Harman's S-stemmer with -ing and -ed: plurals and the commonest verb endings, kept only when
// enough of the word is left, so that stems stay readable and distinct words stay apart.
std::string stem(std::string word) {
  const auto n = word.size();
  if (n <= 3 || static_cast<unsigned char>(word.back()) >= 0x80) return word;
  if (ends_with(word, "ies") && !ends_with(word, "eies") && !ends_with(word, "aies")) {
    word.resize(n - 3);
    word += 'y';
  } else if (ends_with(word, "es") && !ends_with(word, "aes") && !ends_with(word, "ees") &&
             !ends_with(word, "oes") && (ends_with(word, "sses") || ends_with(word, "xes") ||
                                         ends_with(word, "ches") || ends_with(word, "shes"))) {
    word.resize(n - 2);
  } else if (word.back() == 's' && !ends_with(word, "us") && !ends_with(word, "ss") && !ends_with(word, "is")) {
    word.resize(n - 1);
  } else if (ends_with(word, "ing") && n >= 6 && std::any_of(word.begin(), word.end() - 3, vowel)) {
    word.resize(n - 3);
    if (word.size() >= 2 && word.back() == word[word.size() - 2] && word.back() != 's' && word.back() != 'l') {
      word.pop_back();  // running → run
    }
  } else if (ends_with(word, "ed") && n >= 5 && !ends_with(word, "eed") &&
             std::any_of(word.begin(), word.end() - 2, vowel)) {
    word.resize(n - 2);
    if (word.size() >= 2 && word.back() == word[word.size() - 2] && word.back() != 's' && word.back() != 'l') {
      word.pop_back();  // planned → plan
    }
  }
  return word;
}

}  // namespace

std::string term_of(std::string_view word) {
  std::string lower(word);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower.size() < 2 || stop_word(lower)) return {};
  if (std::all_of(lower.begin(), lower.end(), [](unsigned char c) { return std::isdigit(c); })) return {};
  return stem(std::move(lower));
}

std::vector<std::string> terms_of(std::string_view text) {
  std::vector<std::string> out;
  std::size_t start = std::string_view::npos;
  auto flush = [&](std::size_t end) {
    if (start == std::string_view::npos) return;
    // Words longer than 40 bytes are addresses, hashes or base64, not vocabulary.
    if (end - start <= 40) {
      if (std::string term = term_of(text.substr(start, end - start)); !term.empty()) out.push_back(std::move(term));
    }
    start = std::string_view::npos;
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    const bool word = std::isalnum(c) || c >= 0x80;
    if (word && start == std::string_view::npos) start = i;
    if (!word) flush(i);
  }
  flush(text.size());
  return out;
}

}  // namespace weft::expertise
