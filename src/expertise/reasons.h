// Reasons for a suggestion: what the ranker found, said plainly, each pointing at what it cites
// (a path of the web UI: /problems/12, /ideas/3, /records/5, /people/7). Only evidence the ranking
// used is cited, and the ranking used only what the asker may see (service.h).
#pragma once

#include <vector>

#include "expertise/index.h"
#include "model/work.h"

namespace weft::expertise {

// At most four reasons, strongest evidence first; `shared_follows`: people both follow.
std::vector<ExpertReason> reasons_for(const Ranked& ranked, int shared_follows);

}  // namespace weft::expertise
