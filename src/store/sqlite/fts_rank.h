// weft_rank(fts_table): a relevance score for FTS5 matches (higher is better) that, unlike FTS5's
// bm25(), needs nothing beyond the row at hand. bm25 weighs each query term by how many documents
// hold it, which FTS5 learns by walking the term's whole doclist on every query: for a prefix term
// ("contract"* = contract, contracts, contractor, …) over millions of posts, that walk costs more
// than the search itself. Every word of a Weft query is required, so a term's rarity changes
// little; weft_rank keeps bm25's saturating term frequency and length normalisation:
//   score = Σ over the query's terms of tf·(k1+1) / (tf + k1·(1 − b + b·len/avglen)), k1 1.2, b 0.75
// where tf counts the term's matches in the row and avglen comes from FTS5's stored totals.
#pragma once

struct sqlite3;

namespace weft::store {

// Registers weft_rank on one connection; false when the library has no FTS5.
bool register_fts_rank(sqlite3* db);

}  // namespace weft::store
