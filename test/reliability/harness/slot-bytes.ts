// Exposes the per-entity slot sizes of assembly/features/features.ts, so the cardinality test computes
// its memory bound from the scorer's own layout instead of a copied number.
import { IP_SLOT_BYTES, USER_SLOT_BYTES } from "../../../assembly/features/features";

export function userSlotBytes(): i32 {
  return USER_SLOT_BYTES;
}

export function ipSlotBytes(): i32 {
  return IP_SLOT_BYTES;
}
