// A person's own data as JSON lines (GET /api/v1/people/{id}/export): their profile, posts,
// problems, solutions, ideas, idea comments, stances, follows (people, topics, records) and
// memberships. Each line is {"kind","data"} with the API's wire shape as data, after a header
// line. Everything is read with the exporter's visibility, so an export never shows more than
// its reader may see (a post in a secret space the person left stays out).
#pragma once

#include <cstdint>
#include <string>

#include "core/error.h"
#include "model/person.h"
#include "store/store.h"

namespace weft::transfer {

struct PersonalExport {
  std::string handle;
  std::string jsonl;
  int64_t lines = 0;
};

// The person and admins; 403 for others who may see the person, 404 otherwise. An export by
// someone else is recorded in the activity log (person.exported).
Result<PersonalExport> export_person(store::Store& store, const Viewer& exporter, int64_t person_id);

}  // namespace weft::transfer
