// Text of knowledge pages: line diffs and the three-way merge that lets two people edit a page at
// once. The diff is the shortest edit script between two texts' lines (Myers' algorithm, with a
// bound on its work: texts that differ almost everywhere get a correct but longer script, marked
// not exact); the merge is diff3's: each side's changes are regions of the base, regions of
// one side apply as they are, identical changes of both sides apply once, and only regions both
// sides changed differently are conflicts, each reported with the base, mine and theirs.
// Texts are compared by lines with "\r\n" read as "\n"; a text's last line may be empty (it ends
// with a newline), so the merged text keeps or drops its final newline like the sides do.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace weft::pages {

// "\r\n" and a lone "\r" become "\n".
std::string normalize_newlines(std::string_view text);

struct DiffLine {
  char op = '=';  // '=' in both, '-' only in the first text, '+' only in the second
  std::string text;
};
// A run of changes with up to `context` unchanged lines around it; lines are counted from 1.
struct DiffHunk {
  int from_start = 0, from_count = 0, to_start = 0, to_count = 0;
  std::vector<DiffLine> lines;
};
struct Diff {
  std::vector<DiffHunk> hunks;
  // False when the texts differed too much to find the fewest changes within the work bound: some
  // changed runs are then shown as replaced whole (still a correct diff, only a longer one).
  bool exact = true;
};
Diff diff(std::string_view from, std::string_view to, int context = 3);

struct Conflict {
  int base_start = 0;  // the first base line of the region (from 1)
  std::vector<std::string> base, mine, theirs;
};
struct Merge {
  bool clean = true;
  std::string text;                // the merge when clean
  std::vector<Conflict> conflicts;  // each region both sides changed differently
};
// Merges the changes from base to mine with those from base to theirs.
Merge merge3(std::string_view base, std::string_view mine, std::string_view theirs);

}  // namespace weft::pages
