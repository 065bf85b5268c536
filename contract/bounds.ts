// Bounds and defaults of the scorer's state that the trainer, its CLI and the model's STATE
// section (docs/model-format.md §5.9) must agree on.

/** Per-entity table capacity (users, and source IPs) when the model does not set one. */
export const DEFAULT_USER_CAPACITY: i32 = 8192;
export const DEFAULT_IP_CAPACITY: i32 = 8192;
/** A capacity is a power of two in [MIN_ENTITY_CAPACITY, MAX_ENTITY_CAPACITY]. */
export const MIN_ENTITY_CAPACITY: i32 = 8;
export const MAX_ENTITY_CAPACITY: i32 = 1 << 20;
