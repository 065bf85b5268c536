// The time-of-day and weekday features' constants, shared by features.ts (which computes them) and
// coverage.ts (which holds them at a covered time), so both give the same bits.

// @ts-ignore: decorator
@inline export const HOURS: i32 = 24;
/** Hours before this are night. */
// @ts-ignore: decorator
@inline export const NIGHT_END_HOUR: i32 = 6;
/** Weekdays count from Monday = 0; from Saturday on it is the weekend. */
// @ts-ignore: decorator
@inline export const SATURDAY: i32 = 5;
// @ts-ignore: decorator
@inline const TWO_PI: f64 = 6.283185307179586;

/** The hour's angle on the clock, in radians. */
export function hourAngle(hour: i32): f64 {
  return (TWO_PI * <f64>hour) / HOURS;
}
