#include "model/post.h"

namespace weft {

int reaction_index(std::string_view kind) {
  for (std::size_t i = 0; i < kReactionKinds.size(); ++i) {
    if (kReactionKinds[i] == kind) return static_cast<int>(i);
  }
  return -1;
}

}  // namespace weft
