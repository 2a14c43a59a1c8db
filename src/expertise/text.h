// Text analysis for the expertise index: what a problem or a piece of evidence says, as terms.
// Lowercase words of letters and digits (bytes of non-ASCII characters count as letters), common
// English words dropped, plural and verb endings folded by a light suffix stemmer so that
// "contracts" finds "contract" and "renewing" finds "renewal"'s neighbours no more than it should.
// Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace weft::expertise {

// The terms of `text`, in order, with repeats (term frequencies count them).
std::vector<std::string> terms_of(std::string_view text);

// One word folded as terms_of folds it (lowercase, stemmed); empty for a stop word.
std::string term_of(std::string_view word);

}  // namespace weft::expertise
