// The pattern automata: scanTags finds the patterns of event-patterns.ts in a slice.
//
// Each lookup scope is one Aho-Corasick automaton, built at start: a DFA over byte classes whose
// state says which pattern prefixes end at the current byte, so a scan reads every byte once and
// never compares pattern text. A byte maps to a column (letters case-folded; bytes that occur in no
// pattern share one column). A '_' in a pattern is inserted as four paths, one per separator, so
// the DFA stays deterministic; none of the patterns in event-patterns.ts has more than one.
// It replaced a search by two-byte buckets, a third/fourth-byte hash filter and a compare per
// candidate, at about a third of the instructions (bench/README.md has the figures). The price is
// memory, the rows of MSG (1,296 states), TYPE and ACTION (1,205, shared) and PATH (194) over 49
// columns, and building them once at start.
//
//   CLASS   256 x u8                       byte → column << 2 (event-patterns.ts fills it)
//   ROW     STATES x COLUMNS x u32          column 0: first output record of the state (0 = none);
//           per lookup, on the heap         columns 1..: address of the next state's row (column
//                                           1 = bytes in no pattern). States with outputs come
//                                           last, so one compare against OUT_FROM finds them.
//   OUTPUT  16-byte records, on the heap   TAGS u32, NEXT u32 (address, 0 = end), LEN u8,
//                                           FLAGS u8: every pattern ending at a state, its own
//                                           first, then its failure state's (shared tails)
//   ROOT / OUT_FROM  LOOKUPS x u32          root row, first row with outputs; lookups with the
//                                           same patterns share one automaton
// The word-boundary flags are checked when a pattern is reported, on the bytes around it.

import {
  COL_OTHER, columnCount, P_CLASS, P_TEXT, patternCount, patternRecord, PR_FLAGS, PR_SCOPE, PR_TAGS,
  S_ACTION, S_MSG, S_PATH, S_TYPE, WE, WS,
} from "./event-patterns";

// Lookup scopes: which automaton a scan runs. TYPE patterns are also action patterns.
// @ts-ignore: decorator
@inline export const L_MSG: i32 = 0;
// @ts-ignore: decorator
@inline export const L_PATH: i32 = 1;
// @ts-ignore: decorator
@inline export const L_TYPE: i32 = 2;
// @ts-ignore: decorator
@inline export const L_ACTION: i32 = 3;
// @ts-ignore: decorator
@inline const LOOKUPS: i32 = 4;

// @ts-ignore: decorator
@inline const OUTPUT_SHIFT: i32 = 4;
// @ts-ignore: decorator
@inline const O_TAGS: usize = 0;
// @ts-ignore: decorator
@inline const O_NEXT: usize = 4;
// @ts-ignore: decorator
@inline const O_LEN: usize = 8;
// @ts-ignore: decorator
@inline const O_FLAGS: usize = 9;

// @ts-ignore: decorator
@lazy const A_ROOT: usize = memory.data(LOOKUPS << 2, 4);
// @ts-ignore: decorator
@lazy const A_OUT_FROM: usize = memory.data(LOOKUPS << 2, 4);

function allocZeroed(size: usize): usize {
  const p = heap.alloc(size);
  memory.fill(p, 0, size);
  return p;
}

// ---- building the automata (once at start; importing event-patterns.ts ran every add(...) first) ----

/** Scopes whose patterns a lookup's automaton holds. */
function lookupScope(lookup: i32): u8 {
  if (lookup == L_MSG) return S_MSG;
  if (lookup == L_PATH) return S_PATH;
  if (lookup == L_TYPE) return S_TYPE;
  return S_TYPE | S_ACTION;
}

function patternIn(i: i32, scope: u8): bool {
  return (load<u8>(patternRecord(i), PR_SCOPE) & scope) != 0;
}

function samePatterns(a: u8, b: u8): bool {
  for (let i = 0; i < patternCount; i++) if (patternIn(i, a) != patternIn(i, b)) return false;
  return true;
}

/** Trie paths for text[0..j): each '_' before j multiplies them by the four separators. */
function paths(text: string, j: i32): i32 {
  let n = 1;
  for (let k = 0; k < j; k++) if (text.charCodeAt(k) == 0x5f) n <<= 2;
  return n;
}

/** Build-time trie of one lookup's patterns, in rows laid out like the automaton's but holding state ids. */
class Trie {
  states: i32 = 1; // the root, id 0
  constructor(public rows: usize, public stride: usize, public nextOutput: usize) {}

  /** Cell of state `s` for byte `c`. */
  cell(s: i32, c: u32): usize {
    return this.rows + <usize>s * this.stride + <usize>load<u8>(P_CLASS + <usize>c);
  }

  child(s: i32, c: u32): i32 {
    const at = this.cell(s, c);
    let t = load<i32>(at);
    if (t == 0) {
      t = this.states++;
      store<i32>(at, t);
    }
    return t;
  }

  /** Inserts text[j..] of pattern `i` below state `s`, one path per separator for each '_'. */
  insert(s: i32, text: string, j: i32, i: i32): void {
    if (j == text.length) {
      this.prependOutput(s, i, j);
      return;
    }
    const c = <u32>text.charCodeAt(j);
    if (c != 0x5f) {
      this.insert(this.child(s, c), text, j + 1, i);
      return;
    }
    this.insert(this.child(s, 0x5f), text, j + 1, i);
    this.insert(this.child(s, 0x2d), text, j + 1, i);
    this.insert(this.child(s, 0x20), text, j + 1, i);
    this.insert(this.child(s, 0x2e), text, j + 1, i);
  }

  prependOutput(s: i32, i: i32, len: i32): void {
    const o = this.nextOutput;
    this.nextOutput += 1 << OUTPUT_SHIFT;
    const r = patternRecord(i);
    const head = this.rows + <usize>s * this.stride;
    store<u32>(o, load<u32>(r, PR_TAGS), O_TAGS);
    store<u32>(o, load<u32>(head), O_NEXT);
    store<u8>(o, <u8>len, O_LEN);
    store<u8>(o, load<u8>(r, PR_FLAGS), O_FLAGS);
    store<u32>(head, <u32>o);
  }
}

function buildAutomata(): void {
  for (let l = 0; l < LOOKUPS; l++) {
    let same = 0;
    while (same < l && !samePatterns(lookupScope(same), lookupScope(l))) same++;
    if (same < l) {
      store<u32>(A_ROOT + (<usize>l << 2), load<u32>(A_ROOT + (<usize>same << 2)));
      store<u32>(A_OUT_FROM + (<usize>l << 2), load<u32>(A_OUT_FROM + (<usize>same << 2)));
    } else {
      buildAutomaton(l);
    }
  }
}

function buildAutomaton(lookup: i32): void {
  const scope = lookupScope(lookup);
  let bound = 1;
  let outputs = 0;
  for (let i = 0; i < patternCount; i++) {
    if (!patternIn(i, scope)) continue;
    const text = unchecked(P_TEXT[i]);
    for (let j = 1; j <= text.length; j++) bound += paths(text, j);
    outputs += paths(text, text.length);
  }
  const stride = <usize>columnCount << 2;
  const trie = new Trie(allocZeroed(<usize>bound * stride), stride, heap.alloc(<usize>outputs << OUTPUT_SHIFT));
  for (let i = 0; i < patternCount; i++) {
    if (patternIn(i, scope)) trie.insert(0, unchecked(P_TEXT[i]), 0, i);
  }
  const order = heap.alloc(<usize>trie.states << 2);
  const fail = heap.alloc(<usize>trie.states << 2);
  completeTransitions(trie, order, fail);
  const renumbered = fail; // the failure links are folded into the rows by now
  const outFrom = renumber(trie, order, renumbered);
  const table = heap.alloc(<usize>trie.states * stride);
  for (let s = 0; s < trie.states; s++) {
    const from = trie.rows + <usize>s * stride;
    const to = table + <usize>load<u32>(renumbered + (<usize>s << 2)) * stride;
    store<u32>(to, load<u32>(from));
    for (let at: usize = COL_OTHER << 2; at < stride; at += 4) {
      store<u32>(to + at, table + <usize>load<u32>(renumbered + (<usize>load<u32>(from + at) << 2)) * stride);
    }
  }
  store<u32>(A_ROOT + (<usize>lookup << 2), <u32>table);
  store<u32>(A_OUT_FROM + (<usize>lookup << 2), <u32>(table + <usize>outFrom * stride));
  heap.free(trie.rows);
  heap.free(order);
  heap.free(fail);
}

/**
 * Breadth first from the root: a missing transition takes its failure state's, and a state's output
 * list goes on into its failure state's. Both are complete by then, being shallower.
 */
function completeTransitions(trie: Trie, order: usize, fail: usize): void {
  const stride = trie.stride;
  store<u32>(order, 0);
  store<u32>(fail, 0);
  let taken = 0;
  let queued = 1;
  while (taken < queued) {
    const s = load<u32>(order + (<usize>(taken++) << 2));
    const row = trie.rows + <usize>s * stride;
    const f = <usize>load<u32>(fail + (<usize>s << 2));
    const failRow = trie.rows + f * stride;
    if (s != 0) appendOutputs(row, load<u32>(failRow));
    for (let at: usize = COL_OTHER << 2; at < stride; at += 4) {
      const t = load<u32>(row + at);
      if (t != 0) {
        store<u32>(fail + (<usize>t << 2), s == 0 ? 0 : load<u32>(failRow + at));
        store<u32>(order + (<usize>(queued++) << 2), t);
      } else if (s != 0) {
        store<u32>(row + at, load<u32>(failRow + at));
      }
    }
  }
}

function appendOutputs(head: usize, rest: u32): void {
  let o = load<u32>(head);
  if (o == 0) {
    store<u32>(head, rest);
    return;
  }
  while (load<u32>(o, O_NEXT) != 0) o = load<u32>(o, O_NEXT);
  store<u32>(o, rest, O_NEXT);
}

/** New ids in breadth-first order, states with outputs last (the root stays 0); returns the first of those. */
function renumber(trie: Trie, order: usize, ids: usize): i32 {
  const outFrom = numberStates(trie, order, ids, false, 0);
  numberStates(trie, order, ids, true, outFrom);
  return outFrom;
}

/** Numbers the states with (or without) outputs from `next` on; returns the next free id. */
function numberStates(trie: Trie, order: usize, ids: usize, withOutputs: bool, next: i32): i32 {
  for (let i = 0; i < trie.states; i++) {
    const s = <usize>load<u32>(order + (<usize>i << 2));
    if ((load<u32>(trie.rows + s * trie.stride) != 0) == withOutputs) store<i32>(ids + (s << 2), next++);
  }
  return next;
}

buildAutomata();

/** ORs the tags of every pattern of lookup scope `lookup` found in [ptr, ptr+len), ignoring case. */
export function scanTags(ptr: usize, len: i32, lookup: i32): u32 {
  let state = <usize>load<u32>(A_ROOT + (<usize>lookup << 2));
  const outFrom = <usize>load<u32>(A_OUT_FROM + (<usize>lookup << 2));
  let found: u32 = 0;
  // Two bytes a turn: the loop test and the pointer bump are paid once per pair.
  const pairsEnd = ptr + <usize>(len & ~1);
  let p = ptr;
  if (p < pairsEnd) {
    do {
      state = advance(state, load<u8>(p)); // bounds: p + 1 < pairsEnd <= ptr + len
      if (state >= outFrom) found = reported(ptr, len, <i32>(p - ptr) + 1, load<u32>(state), found);
      state = advance(state, load<u8>(p, 1));
      if (state >= outFrom) found = reported(ptr, len, <i32>(p - ptr) + 2, load<u32>(state), found);
      p += 2;
    } while (p < pairsEnd);
  }
  if ((len & 1) != 0) {
    state = advance(state, load<u8>(pairsEnd)); // bounds: pairsEnd == ptr + len - 1
    if (state >= outFrom) found = reported(ptr, len, len, load<u32>(state), found);
  }
  return found;
}

/** The row after byte `c` from row `state`. */
// @ts-ignore: decorator
@inline function advance(state: usize, c: u8): usize {
  return <usize>load<u32>(state + <usize>load<u8>(<usize>c, P_CLASS));
}

// --- internal ---

/**
 * `found` with the tags of each output record from `o` on whose pattern, ending before byte `i`
 * of [ptr, ptr+len), has the word boundaries its flags ask for.
 */
function reported(ptr: usize, len: i32, i: i32, o: u32, found: u32): u32 {
  do {
    const tags = load<u32>(o, O_TAGS);
    if ((found & tags) != tags && bounded(ptr, len, i - <i32>load<u8>(o, O_LEN), i, load<u8>(o, O_FLAGS))) found |= tags;
    o = load<u32>(o, O_NEXT);
  } while (o != 0);
  return found;
}

/** Whether [ptr + start, ptr + i) of [ptr, ptr+len) has the word boundaries that `flags` ask for. */
function bounded(ptr: usize, len: i32, start: i32, i: i32, flags: u8): bool {
  // bounds: start >= 1 before reading start - 1; i < len before reading i
  if ((flags & WS) != 0 && start > 0 && isWordChar(<u32>load<u8>(ptr + <usize>(start - 1)))) return false;
  return (flags & WE) == 0 || i >= len || !isWordChar(<u32>load<u8>(ptr + <usize>i));
}

// @ts-ignore: decorator
@inline function isWordChar(c: u32): bool {
  return (c | 0x20) - 0x61 < 26 || c - 0x30 < 10;
}
