// Every length limit on what people write, in one place, in Unicode code points. The API checks
// them when it reads a body (400 naming the field); actions check them again before writing.
// The OpenAPI schemas state the same numbers (maxLength).
#pragma once

#include <cstddef>

namespace weft::limits {

struct Text {
  std::size_t min = 0;
  std::size_t max = 0;
};

inline constexpr Text kName{1, 200};           // people, units, spaces
inline constexpr Text kJobTitle{0, 200};       // a person's title
inline constexpr Text kBio{0, 4000};
inline constexpr Text kSkill{1, 60};
inline constexpr std::size_t kMaxSkills = 50;
inline constexpr Text kEmail{1, 254};          // as typed at sign-in
inline constexpr Text kNewEmail{3, 254};       // a person's or an invitation's address
inline constexpr Text kHandle{2, 40};
inline constexpr Text kTokenName{1, 100};
inline constexpr Text kPurpose{0, 4000};       // a space's purpose
inline constexpr Text kChoice{1, 20};          // a role, kind, visibility, audience, stage, stance…
inline constexpr Text kPostBody{0, 20000};     // a post may be empty when it reshares
inline constexpr Text kWorkTitle{1, 200};      // problems, ideas, proposals
inline constexpr Text kWorkBody{0, 20000};
inline constexpr Text kPageBody{0, 200000};     // a knowledge page in Markdown
inline constexpr Text kPageSummary{0, 300};     // what a save changed
inline constexpr Text kAnswer{1, 20000};       // solutions, idea comments
inline constexpr Text kNote{1, 2000};          // a note on an idea's move
inline constexpr Text kReason{0, 2000};        // a stance's reason
inline constexpr Text kModerationReason{1, 500};  // a report, a hide, a restore
inline constexpr Text kOutcome{1, 4000};       // a proposal's outcome
inline constexpr Text kTimestamp{1, 40};       // RFC 3339 text
inline constexpr Text kPassword{8, 1024};

// Records from other systems (docs/design/work-context.md).
inline constexpr Text kRecordKey{1, 60};       // system, type: [a-z0-9][a-z0-9._-]*
inline constexpr Text kExternalId{1, 200};
inline constexpr Text kRecordTitle{1, 300};
inline constexpr Text kUrl{1, 2000};
inline constexpr Text kFieldName{1, 100};
inline constexpr Text kFieldText{0, 4000};      // a text value of a record's field
inline constexpr std::size_t kMaxFields = 100;
inline constexpr std::size_t kMaxFieldsBytes = 65536;  // a record's fields as compact JSON
inline constexpr std::size_t kMaxAccess = 1000;        // people and units on an access list

}  // namespace weft::limits
